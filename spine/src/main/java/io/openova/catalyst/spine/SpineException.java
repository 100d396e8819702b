package io.openova.catalyst.spine;

/**
 * The spine could not do its work: the database or the NATS server is unreachable, a stream is full, an adapter was
 * used after it was closed. Bad input is never a {@code SpineException} but an {@link IllegalArgumentException},
 * thrown before anything is stored.
 */
public class SpineException extends RuntimeException {

    public SpineException(String message) {
        super(message);
    }

    public SpineException(String message, Throwable cause) {
        super(message, cause);
    }
}
