package io.openova.catalyst.provisioning.compose;

/**
 * The Applications of an Environment cannot be composed into a repository tree: a Blueprint with no chart yet, a
 * version the catalog does not have, a name that does not fit. The message says which Application and why, for the
 * user to read (the use cases answer it as 422). Unchecked, but declared by the methods that throw it.
 */
public final class CompositionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CompositionException(String message) {
        super(message);
    }
}
