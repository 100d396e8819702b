package io.openova.catalyst.server.organizations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.identity.Role;
import io.openova.catalyst.server.provisioning.ProvisioningApi;
import io.openova.catalyst.server.security.TestIdentity;
import io.openova.catalyst.spine.KeyValueStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Organizations, their quotas, and the audit log, over HTTP (requests are a Sovereign admin's unless said). */
@QuarkusTest
class OrganizationResourceTest {
    private final String org = ProvisioningApi.uniqueName("corp");

    @Inject
    KeyValueStore store;

    private Response create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/orgs");
    }

    @Test
    void shouldCreateWithDefaultsAndAnswerItWhenBodyIsMinimal() {
        // When
        Response created = create(Map.of("name", org, "displayName", "Corp <b>Inc</b>"));

        // Then
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.getHeader("Location")).endsWith("/api/v1/orgs/" + org);
        JsonPath read = given().get("/api/v1/orgs/" + org).jsonPath();
        assertThat(read.getString("displayName")).isEqualTo("Corp <b>Inc</b>");
        assertThat(read.getString("tier")).isEqualTo("STANDARD");
        assertThat(read.getInt("quota.maxEnvironments"))
                .isEqualTo(OrganizationResource.DEFAULT_QUOTA.maxEnvironments());
        assertThat(given().get("/api/v1/orgs").jsonPath().getList("name", String.class))
                .contains(org);
        // the catalog it starts with is recorded, so that later changes are told to it (docs/events.md)
        assertThat(store.bucket(org, "catalog").get("announced")).isPresent();
    }

    @Test
    void shouldRefuseNamingEveryBadFieldAndCreateNothingWhenBodyIsInvalid() {
        // When
        Response response = create(
                Map.of("name", org, "displayName", "Corp", "tier", "PLATINUM", "quota", Map.of("maxEnvironments", -1)));
        Response unknown = create(Map.of("name", org, "displayName", "Corp", "owner", "me"));
        Response badName = create(Map.of("name", "Not_A_Label", "displayName", "Corp"));

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getList("errors.pointer", String.class))
                .containsExactly("/tier", "/quota/maxEnvironments");
        assertThat(unknown.jsonPath().getList("errors.pointer", String.class)).containsExactly("/owner");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.jsonPath().getList("errors.pointer", String.class)).containsExactly("/name");
        assertThat(given().get("/api/v1/orgs/" + org).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerConflictAndKeepTheFirstWhenNameIsTaken() {
        // Given
        create(Map.of("name", org, "displayName", "First"));

        // When
        Response again = create(Map.of("name", org, "displayName", "Second"));

        // Then
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(given().get("/api/v1/orgs/" + org).jsonPath().getString("displayName"))
                .isEqualTo("First");
    }

    @Test
    void shouldChangeQuotaWhenUpdatedAndRefuseARenaming() {
        // Given
        create(Map.of("name", org, "displayName", "Corp"));

        // When
        Response updated = given().contentType(ContentType.JSON)
                .body(Map.of("displayName", "Corp", "tier", "enterprise", "quota", Map.of("maxEnvironments", 9)))
                .put("/api/v1/orgs/" + org);
        Response renamed = given().contentType(ContentType.JSON)
                .body(Map.of("name", "other", "displayName", "Corp"))
                .put("/api/v1/orgs/" + org);

        // Then
        assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
        assertThat(given().get("/api/v1/orgs/" + org).jsonPath().getInt("quota.maxEnvironments"))
                .isEqualTo(9);
        assertThat(given().get("/api/v1/orgs/" + org).jsonPath().getString("tier"))
                .isEqualTo("ENTERPRISE");
        assertThat(renamed.statusCode()).isEqualTo(400);
        assertThat(renamed.jsonPath().getList("errors.pointer", String.class)).containsExactly("/name");
    }

    @Test
    void shouldRefuseTheEnvironmentBeyondQuotaAndChangeNothing() {
        // Given
        create(Map.of("name", org, "displayName", "Corp", "quota", Map.of("maxEnvironments", 1)));
        ProvisioningApi.givenEnvironment(org, "prod");

        // When
        Response second = ProvisioningApi.createEnvironment(org, "dev");

        // Then
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.jsonPath().getString("type")).endsWith("/quota-exceeded");
        assertThat(second.jsonPath().getString("detail")).contains("quota.maxEnvironments", "1");
        assertThat(given().get(ProvisioningApi.environments(org)).jsonPath().getList("name", String.class))
                .containsExactly("prod");
    }

    @Test
    void shouldRefuseTheApplicationBeyondQuotaButReplayTheFirstInstall() {
        // Given
        create(Map.of("name", org, "displayName", "Corp", "quota", Map.of("maxApplications", 1)));
        ProvisioningApi.givenEnvironment(org, "prod");
        Map<String, Object> db = Map.of("name", "db", "blueprint", "cnpg");
        Response first = given().header("Idempotency-Key", "first-install")
                .contentType(ContentType.JSON)
                .body(db)
                .post(ProvisioningApi.applications(org, "prod"));

        // When
        Response retried = given().header("Idempotency-Key", "first-install")
                .contentType(ContentType.JSON)
                .body(db)
                .post(ProvisioningApi.applications(org, "prod"));
        Response second = ProvisioningApi.install(org, "prod", Map.of("name", "cache", "blueprint", "valkey"));

        // Then
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        assertThat(retried.statusCode()).as(retried.asString()).isIn(200, 201);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.jsonPath().getString("detail")).contains("quota.maxApplications");
        assertThat(ProvisioningApi.history(org, "prod").getList("subject", String.class))
                .hasSize(2);
    }

    @Test
    void shouldRecordWhoDidWhatAndRefusalsInTheAuditLog() throws Exception {
        // Given
        create(Map.of("name", org, "displayName", "Corp"));
        ProvisioningApi.givenEnvironment(org, "prod");
        ProvisioningApi.givenInstalled(org, "prod", Map.of("name", "db", "blueprint", "cnpg"));
        String viewer = TestIdentity.token(org + "-viewer", Optional.of(org), Set.of(Role.VIEWER));
        String admin = TestIdentity.token(org + "-admin", Optional.of(org), Set.of(Role.ORG_ADMIN));
        Response refused = given().auth()
                .none()
                .header("Authorization", "Bearer " + viewer)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "cache", "blueprint", "valkey"))
                .post(ProvisioningApi.applications(org, "prod"));

        // When
        Response audit =
                given().auth().none().header("Authorization", "Bearer " + admin).get("/api/v1/orgs/" + org + "/audit");
        Response forViewer = given().auth()
                .none()
                .header("Authorization", "Bearer " + viewer)
                .get("/api/v1/orgs/" + org + "/audit");

        // Then
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(audit.statusCode()).as(audit.asString()).isEqualTo(200);
        List<Map<String, Object>> entries = audit.jsonPath().getList("$");
        assertThat(entries)
                .extracting(entry -> entry.get("action") + " " + entry.get("result") + " " + entry.get("actor"))
                .containsExactly(
                        "application.install refused " + org + "-viewer",
                        "application.install success test-admin",
                        "environment.create success test-admin",
                        "organization.create success test-admin");
        assertThat(entries.get(1).get("operationId")).isNotNull();
        assertThat(entries.get(0).get("status")).isEqualTo(403);
        assertThat(forViewer.statusCode()).isEqualTo(403);
        Awaitility.await().untilAsserted(() -> assertThat(
                        given().get("/api/v1/audit?limit=500").jsonPath().getList("organization", String.class))
                .contains(org));
        assertThat(auditLines())
                .filteredOn(line -> org.equals(line.get("organization")))
                .extracting(line -> line.get("action") + " " + line.get("result"))
                .containsExactly(
                        "organization.create success",
                        "environment.create success",
                        "application.install success",
                        "application.install refused");
    }

    /** The audit log's JSON lines, as the test profile's file handler for the category catalyst.audit writes them. */
    private static List<Map<String, Object>> auditLines() throws java.io.IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("target/catalyst-audit.jsonl"))) {
            lines.add(
                    json.readValue(line, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
        }
        return lines;
    }

    @Test
    void shouldFilterTheAuditLogAndLinkToTheNextPageWhenThereIsOne() {
        // Given
        create(Map.of("name", org, "displayName", "Corp"));
        for (String env : List.of("dev", "test", "prod")) {
            ProvisioningApi.givenEnvironment(org, env);
        }
        String audit = "/api/v1/orgs/" + org + "/audit";

        // When
        Response first = given().get(audit + "?limit=2&action=environment.create&result=success");
        String next = first.getHeader("Link").replaceAll("^<([^>]+)>; *rel=\"next\"$", "$1");
        Response second = given().get(next);
        Response prod = given().get(audit + "?environment=prod&actor=test-admin");

        // Then
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(first.jsonPath().getList("target", String.class))
                .hasSize(2)
                .allMatch(t -> t.endsWith("/environments"));
        assertThat(next).startsWith(audit + "?").contains("action=environment.create", "limit=2", "cursor=");
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(200);
        assertThat(second.jsonPath().getList("action", String.class)).containsExactly("environment.create");
        assertThat(second.getHeader("Link")).isNull();
        assertThat(first.jsonPath().getLong("[1].sequence"))
                .isGreaterThan(second.jsonPath().getLong("[0].sequence"));
        assertThat(prod.jsonPath().getList("$")).isEmpty();
    }

    @Test
    void shouldNameEachInvalidAuditParameterWhenQueryIsMalformed() {
        // Given
        create(Map.of("name", org, "displayName", "Corp"));
        String audit = "/api/v1/orgs/" + org + "/audit";

        // When
        Response malformed = given().get(audit + "?result=maybe&since=yesterday&cursor=12");
        Response foreignCursor = given().get(audit + "?cursor=1795341600.0~someone-else~3");
        Response organizationFilter = given().get(audit + "?organization=" + org);

        // Then
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.jsonPath().getList("errors.parameter", String.class))
                .containsExactly("cursor", "result", "since");
        assertThat(foreignCursor.statusCode()).isEqualTo(400);
        assertThat(foreignCursor.jsonPath().getList("errors.parameter", String.class))
                .containsExactly("cursor");
        assertThat(organizationFilter.statusCode()).isEqualTo(400);
        assertThat(organizationFilter.jsonPath().getList("errors.parameter", String.class))
                .containsExactly("organization");
    }

    @Test
    void shouldMergeOnlyTheNamedOrganizationWhenTheSovereignLogIsFiltered() {
        // Given
        create(Map.of("name", org, "displayName", "Corp"));
        ProvisioningApi.givenEnvironment(org, "prod");

        // When
        Response filtered = given().get("/api/v1/audit?organization=" + org + "&limit=500");

        // Then
        assertThat(filtered.statusCode()).as(filtered.asString()).isEqualTo(200);
        assertThat(filtered.jsonPath().getList("organization", String.class))
                .containsOnly(org)
                .hasSize(2);
    }

    @Test
    void shouldRefuseAnInstallFromABlueprintSourceTheOrganizationMayNotUse() {
        // Given
        create(Map.of("name", org, "displayName", "Corp", "blueprintSources", List.of("partner-catalog")));
        ProvisioningApi.givenEnvironment(org, "prod");

        // When
        Response refused = ProvisioningApi.install(org, "prod", Map.of("name", "db", "blueprint", "cnpg"));

        // Then
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.jsonPath().getString("type")).endsWith("/source-not-allowed");
        assertThat(refused.jsonPath().getList("errors.pointer", String.class)).containsExactly("/blueprint");
        assertThat(ProvisioningApi.history(org, "prod").getList("subject", String.class))
                .hasSize(1);
    }

    @Test
    void shouldLetAnOrgAdminAddMembersWhoMustChangeTheirPasswordAndRemoveThem() {
        // Given
        create(Map.of("name", org, "displayName", "Corp"));
        String admin = TestIdentity.token(org + "-admin", Optional.of(org), Set.of(Role.ORG_ADMIN));
        String developer = TestIdentity.token(org + "-dev", Optional.of(org), Set.of(Role.DEVELOPER));
        String members = "/api/v1/orgs/" + org + "/members";

        // When
        Response added = given().auth()
                .none()
                .header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON)
                .body(Map.of("username", org + "-new", "roles", List.of("viewer"), "password", "first-password-1"))
                .post(members);
        Response sovereign = given().auth()
                .none()
                .header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "username", org + "-boss", "roles", List.of("sovereign-admin"), "password", "pw-long-enough-1"))
                .post(members);
        Response weak = given().auth()
                .none()
                .header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON)
                .body(Map.of("username", org + "-weak", "roles", List.of("viewer"), "password", "short"))
                .post(members);
        Response twice = given().auth()
                .none()
                .header("Authorization", "Bearer " + admin)
                .contentType(ContentType.JSON)
                .body(Map.of("username", org + "-new", "roles", List.of("viewer"), "password", "first-password-1"))
                .post(members);
        Response byDeveloper = given().auth()
                .none()
                .header("Authorization", "Bearer " + developer)
                .get(members);
        Response listed =
                given().auth().none().header("Authorization", "Bearer " + admin).get(members);
        Response removed =
                given().auth().none().header("Authorization", "Bearer " + admin).delete(members + "/" + org + "-new");

        // Then
        assertThat(added.statusCode()).as(added.asString()).isEqualTo(201);
        assertThat(added.jsonPath().getBoolean("mustChangePassword")).isTrue();
        assertThat(added.asString()).doesNotContain("first-password-1");
        assertThat(sovereign.statusCode()).isEqualTo(400);
        assertThat(sovereign.jsonPath().getList("errors.pointer", String.class)).containsExactly("/roles/0");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.jsonPath().getList("errors.pointer", String.class)).containsExactly("/password");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(byDeveloper.statusCode()).isEqualTo(403);
        assertThat(listed.jsonPath().getList("username", String.class))
                .containsExactlyInAnyOrder(org + "-admin", org + "-dev", org + "-new");
        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(TestIdentity.accounts().findUser(org + "-new")).isEmpty();
    }

    @Test
    void shouldRefuseALimitOutOfRangeNamingIt() {
        // When
        Response response = given().get("/api/v1/audit?limit=0");

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getList("errors.parameter", String.class))
                .containsExactly("limit");
    }
}
