package io.openova.catalyst.server.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.identity.Role;
import io.openova.catalyst.server.provisioning.ProvisioningApi;
import io.openova.catalyst.testing.keycloak.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cross-tenant matrix with a real Keycloak issuing the tokens, a realm per Organization: users of realm
 * {@code acme} against Organization {@code globex}. Also the token refusals only a real issuer can show.
 */
@QuarkusTest
@TestProfile(CrossTenantKeycloakIT.RealmPerOrganization.class)
@QuarkusTestResource(
        value = KeycloakResource.class,
        restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "mode", value = "realm-per-organization"))
@Anonymous
class CrossTenantKeycloakIT extends CrossTenantMatrix {
    /** Its own profile, so that the OIDC mode gets a server of its own; no clock skew, so expiry shows at once. */
    public static class RealmPerOrganization implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("catalyst.identity.oidc.clock-skew", "PT0S");
        }
    }

    @Override
    String organizationA() {
        return "acme";
    }

    @Override
    String organizationB() {
        return "globex";
    }

    @Override
    String token(Role role) {
        return OidcTokens.of(
                "acme",
                switch (role) {
                    case VIEWER -> "acme-viewer";
                    case DEVELOPER -> "acme-dev";
                    case ORG_ADMIN -> "acme-admin";
                    case SOVEREIGN_ADMIN -> throw new IllegalArgumentException("realm acme has no Sovereign admin");
                });
    }

    private static Response asCaller(String token) {
        return given().header("Authorization", "Bearer " + token).get(ProvisioningApi.environments("acme"));
    }

    @Test
    void shouldLetTheOrganizationsOwnUsersInWithTheirRoles() {
        // When
        Response viewer = asCaller(token(Role.VIEWER));
        Response viewerInstalls = given().header("Authorization", "Bearer " + token(Role.VIEWER))
                .contentType("application/json")
                .body(Map.of("name", "dev"))
                .post(ProvisioningApi.environments("acme"));

        // Then
        assertThat(viewer.statusCode()).as(viewer.asString()).isEqualTo(200);
        assertThat(viewerInstalls.statusCode()).isEqualTo(403);
    }

    @Test
    void shouldRefuseATokenForAnotherAudience() {
        // Given
        String token = KeycloakServer.shared().accessToken("acme", "catalyst-other", "acme-admin", OidcTokens.PASSWORD);

        // When
        Response response = asCaller(token);

        // Then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.jsonPath().getString("detail")).isEqualTo("the token is not for this audience");
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        // Given
        String token = KeycloakServer.shared().expiredAccessToken("acme", "acme-admin", OidcTokens.PASSWORD);

        // When
        Response response = asCaller(token);

        // Then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.jsonPath().getString("detail")).isEqualTo("the token has expired");
    }

    @Test
    void shouldRefuseATokenWhosePayloadWasChanged() {
        // Given: a viewer's token turned into an org-admin's, keeping the signature
        String[] parts = token(Role.VIEWER).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
        String forged = parts[0] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.replace("\"viewer\"", "\"org-admin\"")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];

        // When
        Response response = asCaller(forged);

        // Then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.jsonPath().getString("detail")).isEqualTo("the token's signature does not verify");
        assertThat(response.getHeader("WWW-Authenticate")).contains("invalid_token");
    }
}
