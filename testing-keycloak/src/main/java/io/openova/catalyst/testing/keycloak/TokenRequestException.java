package io.openova.catalyst.testing.keycloak;

/** Keycloak refused to issue a token: the OAuth error it answered, never the password that was sent. */
public final class TokenRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;

    TokenRequestException(
            String realm, String clientId, String username, int status, String error, String description) {
        super("Keycloak refused a password grant for user " + username + " of client " + clientId + " in realm " + realm
                + ": HTTP " + status + " " + error + (description.isEmpty() ? "" : ": " + description));
        this.status = status;
        this.error = error;
    }

    /** The HTTP status of the token endpoint's answer, e.g. 400 ({@code invalid_grant}) for wrong credentials. */
    public int status() {
        return status;
    }

    /** The OAuth error code, e.g. {@code invalid_grant}; the HTTP reason if the answer had none. */
    public String error() {
        return error;
    }
}
