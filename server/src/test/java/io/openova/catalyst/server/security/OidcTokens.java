package io.openova.catalyst.server.security;

import io.openova.catalyst.testing.keycloak.KeycloakServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens from the suite's Keycloak, fetched once per user and fetched again before they expire. */
final class OidcTokens {
    static final String PASSWORD = "test-password";
    private static final Duration REUSE = Duration.ofMinutes(3);

    private record Issued(String token, Instant at) {}

    private static final Map<String, Issued> TOKENS = new ConcurrentHashMap<>();

    private OidcTokens() {}

    static String of(String realm, String username) {
        return TOKENS.compute(
                        realm + "/" + username,
                        (key, issued) -> issued != null
                                        && issued.at().plus(REUSE).isAfter(Instant.now())
                                ? issued
                                : new Issued(
                                        KeycloakServer.shared().accessToken(realm, username, PASSWORD), Instant.now()))
                .token();
    }
}
