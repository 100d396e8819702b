package io.openova.catalyst.server.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Catalyst trusting the suite's real Keycloak with a realm per Organization, for the browser-login tests (HTTP and
 * console). One profile for both, so that Quarkus starts once for them.
 */
public final class OidcLoginProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(KeycloakResource.class, Map.of("mode", "realm-per-organization")));
    }
}
