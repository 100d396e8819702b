package io.openova.catalyst.server.security;

import io.openova.catalyst.testing.keycloak.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The suite's real Keycloak ({@link KeycloakServer#shared()}, started once per test JVM), and Catalyst configured to
 * trust it in the mode the test class names with the {@code mode} argument: {@code realm-per-organization} (issuer
 * prefix {@code …/realms/}) or {@code sovereign-realm} (issuer {@code …/realms/sovereign}, claim {@code org}).
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {
    private String mode = "realm-per-organization";

    @Override
    public void init(Map<String, String> initArgs) {
        mode = initArgs.getOrDefault("mode", mode);
    }

    @Override
    public Map<String, String> start() {
        KeycloakServer keycloak = KeycloakServer.shared();
        return switch (mode) {
            case "realm-per-organization" ->
                Map.of(
                        "catalyst.identity.oidc.issuer-prefix",
                        keycloak.baseUrl().replaceAll("/$", "") + "/realms/");
            case "sovereign-realm" ->
                Map.of(
                        "catalyst.identity.oidc.issuer",
                        keycloak.issuer("sovereign"),
                        "catalyst.identity.oidc.organization-claim",
                        "org");
            default ->
                throw new IllegalArgumentException("mode: realm-per-organization or sovereign-realm, not " + mode);
        };
    }

    @Override
    public void stop() {
        // The shared server outlives the test class; a shutdown hook stops it with the JVM.
    }
}
