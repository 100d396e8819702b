package io.openova.catalyst.identity.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * A login session of {@link LocalAccounts}, as handed to the client once, at login. The server keeps only hashes of
 * the tokens, so they cannot be shown again.
 *
 * @param token the opaque session token (32 random bytes, Base64url): the session cookie's value
 * @param csrfToken a second random token the client must echo in a header with every state-changing request (see
 *     {@link LocalAccounts#verifyCsrf})
 * @param username whose session it is
 * @param expiresAt when the session ends at the latest, used or not (it ends sooner when left idle)
 */
public record Session(String token, String csrfToken, String username, Instant expiresAt) {
    public Session {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Names the user and the expiry, never the tokens. */
    @Override
    public String toString() {
        return "Session[username=" + username + ", expiresAt=" + expiresAt
                + ", token=<redacted>, csrfToken=<redacted>]";
    }
}
