package io.openova.catalyst.server.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.identity.Role;
import io.openova.catalyst.server.provisioning.ProvisioningApi;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cross-tenant matrix with a real Keycloak and one realm for the Sovereign: the {@code org} claim of users of
 * realm {@code sovereign} picks their Organization ({@code alice}, {@code carol}, {@code vera} are of {@code acme}).
 */
@QuarkusTest
@TestProfile(CrossTenantSovereignRealmIT.SovereignRealm.class)
@QuarkusTestResource(
        value = KeycloakResource.class,
        restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "mode", value = "sovereign-realm"))
@Anonymous
class CrossTenantSovereignRealmIT extends CrossTenantMatrix {
    /** Its own profile, so that this OIDC mode gets a server of its own. */
    public static class SovereignRealm implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("catalyst.identity.oidc.roles-claim", "roles");
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
                "sovereign",
                switch (role) {
                    case VIEWER -> "vera";
                    case DEVELOPER -> "alice";
                    case ORG_ADMIN -> "carol";
                    case SOVEREIGN_ADMIN -> "root";
                });
    }

    @Test
    void shouldLetTheSovereignAdminOfNoOrganizationReachEveryOrganization() {
        // When
        Response globex = given().header("Authorization", "Bearer " + token(Role.SOVEREIGN_ADMIN))
                .get(ProvisioningApi.environments("globex"));
        Response all = given().header("Authorization", "Bearer " + token(Role.SOVEREIGN_ADMIN))
                .get("/api/v1/orgs");

        // Then
        assertThat(globex.statusCode()).as(globex.asString()).isEqualTo(200);
        assertThat(globex.jsonPath().getList("name", String.class)).contains(ENV);
        assertThat(all.jsonPath().getList("name", String.class)).contains("acme", "globex");
    }

    @Test
    void shouldAnswerWhoTheTokenStandsFor() {
        // When
        Response session = given().header("Authorization", "Bearer " + token(Role.DEVELOPER))
                .get("/api/v1/session");

        // Then
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.jsonPath().getString("organization")).isEqualTo("acme");
        assertThat(session.jsonPath().getList("roles", String.class)).containsExactly("developer");
        assertThat(session.jsonPath().getString("mode")).isEqualTo("oidc");
        assertThat(session.jsonPath().getString("displayName")).isEqualTo("alice");
    }
}
