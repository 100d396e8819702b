package io.openova.catalyst.identity.oidc;

import java.io.Serial;

/**
 * An access token Catalyst does not accept: malformed, expired, not yet valid, of an untrusted issuer, for another
 * audience, or with a signature that does not verify. The message says which, and never contains the token.
 */
public final class InvalidTokenException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String reason) {
        super(reason);
    }

    public InvalidTokenException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
