package io.openova.catalyst.identity.secrets;

/**
 * A secret store could not do its work: storage unavailable, data key missing or wrong, a stored value failing its
 * integrity check. Messages name keys and properties, never values.
 */
public class SecretStoreException extends RuntimeException {

    public SecretStoreException(String message) {
        super(message);
    }

    public SecretStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
