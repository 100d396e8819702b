package io.openova.catalyst.identity.oidc;

import java.util.Objects;
import java.util.Optional;

/**
 * What Catalyst keeps of a verified ID token's claims, to match the provider's logout tokens to console sessions.
 *
 * @param subject the user at the provider ({@code sub})
 * @param sessionId the provider's session ({@code sid}), when the provider names it
 */
public record IdTokenClaims(String subject, Optional<String> sessionId) {
    public IdTokenClaims {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
