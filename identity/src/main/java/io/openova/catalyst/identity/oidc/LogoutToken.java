package io.openova.catalyst.identity.oidc;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified logout token of OpenID Connect Back-Channel Logout 1.0: the provider says that the user's session at it
 * ({@code sid}), or every session of the user ({@code sub}), has ended.
 *
 * @param issuer the trusted issuer that signed it
 * @param subject the user ({@code sub}), when the token names one
 * @param sessionId the provider's session ({@code sid}, the same as in the ID token of the login), when named
 * @param id the token's {@code jti}, unique per token: a second use is a replay
 * @param issuedAt the token's {@code iat}
 */
public record LogoutToken(
        String issuer, Optional<String> subject, Optional<String> sessionId, String id, Instant issuedAt) {
    public LogoutToken {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (subject.isEmpty() && sessionId.isEmpty()) {
            throw new IllegalArgumentException("a logout token names a subject, a session or both");
        }
    }
}
