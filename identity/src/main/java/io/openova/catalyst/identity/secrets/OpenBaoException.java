package io.openova.catalyst.identity.secrets;

/**
 * OpenBao refused or failed a call of {@link OpenBaoSecretStore}, or did not answer. The message names the call
 * ({@code GET /v1/secret/data/catalyst/acme/dev/postgres}), the HTTP status and the messages of OpenBao's
 * {@code errors} array; it never holds a request body, a secret value, a token or a service-account token.
 */
public final class OpenBaoException extends SecretStoreException {
    private final int status;

    OpenBaoException(int status, String message) {
        super(message);
        this.status = status;
    }

    OpenBaoException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status OpenBao answered, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
