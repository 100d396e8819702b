package io.openova.catalyst.server.provisioning;

import static io.openova.catalyst.server.provisioning.ProvisioningApi.application;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.applications;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.assertProblem;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.commitIds;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.commits;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenInstalled;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.history;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.install;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.rawPost;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.rawPostChunked;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.subjects;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.server.provisioning.ProvisioningApi.RawResponse;
import io.openova.catalyst.server.security.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Applications over HTTP: install, reconfigure, upgrade, uninstall, each with and without preview; idempotent retries;
 * every way a request can be refused. Each test works in an Organization of its own.
 */
@QuarkusTest
class ApplicationResourceTest {
    private static final String PASSWORD = "Pg-Sup3r-S3cret-7f2c9a";
    private static final String COMMIT_ID = "[0-9a-f]{40}";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final String org = uniqueName("org");
    private final String apps = applications(org, "prod");

    private static Map<String, Object> cnpg(String name) {
        return Map.of("name", name, "blueprint", "cnpg");
    }

    private static Map<String, Object> cnpg(String name, Map<String, Object> config) {
        return Map.of("name", name, "blueprint", "cnpg", "config", config);
    }

    /** Path → change of every entry of an outcome's diff. */
    private static Map<String, String> changes(JsonPath outcome) {
        return outcome.getMap("diff.collectEntries { [it.path, it.change] }", String.class, String.class);
    }

    // ---------------------------------------------------------------- install

    @Test
    void shouldCommitInstallAndDescribeItWhenBlueprintIsCnpg() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .header("X-Request-Id", "req-install-1")
                .body(cnpg("db", Map.of("instances", 5)))
                .post(apps);

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        assertThat(response.header("Location")).endsWith(application(org, "prod", "db"));
        JsonPath body = response.jsonPath();
        assertThat(body.getString("operationId")).isNotBlank().isEqualTo(response.header("X-Operation-Id"));
        assertThat(body.getString("action")).isEqualTo("install");
        assertThat(body.getString("commit")).matches(COMMIT_ID).isNotEqualTo(created);
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getBoolean("preview")).isFalse();
        assertThat(body.getBoolean("replayed")).isFalse();
        assertThat(changes(body))
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry(".catalyst/applications/db.yaml", "added"),
                        Map.entry("dependencies/db/kustomization.yaml", "added"),
                        Map.entry("dependencies/db/namespace.yaml", "added"),
                        Map.entry("dependencies/db/source.yaml", "added"),
                        Map.entry("dependencies/kustomization.yaml", "modified"),
                        Map.entry("manifests/db/cluster-db.yaml", "added"),
                        Map.entry("manifests/db/kustomization.yaml", "added"),
                        Map.entry("manifests/kustomization.yaml", "modified"),
                        Map.entry("resources/db/helmrelease.yaml", "added"),
                        Map.entry("resources/db/kustomization.yaml", "added"),
                        Map.entry("resources/kustomization.yaml", "modified")));
        assertThat(body.getString("diff.find { it.path == '.catalyst/applications/db.yaml' }.diff"))
                .startsWith("--- /dev/null\n+++ b/.catalyst/applications/db.yaml\n@@ ")
                .contains("\n+  blueprint: cnpg\n", "\n+    instances: 5\n", "\n+  version: 1.0.0\n");
        assertThat(body.getString("diff.find { it.path == 'resources/db/helmrelease.yaml' }.diff"))
                .contains("+kind: HelmRelease\n", "cloudnative-pg");
        assertThat(body.getString("diff.find { it.path == 'manifests/db/cluster-db.yaml' }.diff"))
                .contains("+kind: Cluster\n", "instances: 5");
        assertThat(body.getString("diff.find { it.path == 'resources/kustomization.yaml' }.diff"))
                .startsWith("--- a/resources/kustomization.yaml\n+++ b/resources/kustomization.yaml\n")
                .contains("\n+  - db\n");
        assertThat(body.getList("applications")).hasSize(1);
        assertThat(body.getMap("applications[0]"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "name", "db",
                        "blueprint", "cnpg",
                        "version", "1.0.0",
                        "values", Map.of("instances", 5),
                        "secrets", List.of()));
        JsonPath history = history(org, "prod");
        assertThat(history.getList("commit", String.class)).containsExactly(body.getString("commit"), created);
        assertThat(history.getString("[0].subject")).isEqualTo("install db (cnpg 1.0.0)");
        assertThat(history.getMap("[0].trailers", String.class, String.class))
                .containsEntry("Operation-Id", body.getString("operationId"))
                .containsEntry("Request-Id", "req-install-1")
                .containsEntry("Application", "db")
                .doesNotContainKey(IDEMPOTENCY_KEY);
    }

    @Test
    void shouldAnswerTheDiffAndCommitNothingWhenInstallIsPreviewed() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .queryParam("preview", true)
                .body(cnpg("db"))
                .post(apps);

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.header("Location")).isNull();
        JsonPath body = response.jsonPath();
        assertThat(body.getBoolean("preview")).isTrue();
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getBoolean("replayed")).isFalse();
        assertThat(body.getString("action")).isEqualTo("install");
        assertThat(body.getString("commit")).isEqualTo(created);
        assertThat(body.getString("operationId")).isEqualTo(response.header("X-Operation-Id"));
        assertThat(body.getList("diff.path", String.class))
                .contains(
                        ".catalyst/applications/db.yaml",
                        "resources/db/helmrelease.yaml",
                        "manifests/db/cluster-db.yaml")
                .hasSize(11);
        assertThat(body.getList("applications.name", String.class)).containsExactly("db");
        assertThat(commitIds(org, "prod")).containsExactly(created);
        assertThat(given().get(apps).jsonPath().getList("$")).isEmpty();
    }

    @Test
    void shouldReplayTheFirstResultAndCommitOnceWhenRetriedWithTheSameIdempotencyKey() {
        // Given
        String created = givenEnvironment(org, "prod");
        Response first = given().contentType(ContentType.JSON)
                .header(IDEMPOTENCY_KEY, "install-db-0001")
                .body(cnpg("db"))
                .post(apps);
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);

        // When
        Response retry = given().contentType(ContentType.JSON)
                .header(IDEMPOTENCY_KEY, "install-db-0001")
                .body(cnpg("db"))
                .post(apps);

        // Then
        assertThat(retry.statusCode()).as(retry.asString()).isEqualTo(201);
        JsonPath body = retry.jsonPath();
        assertThat(body.getBoolean("replayed")).isTrue();
        assertThat(body.getString("commit")).isEqualTo(first.jsonPath().getString("commit"));
        assertThat(body.getString("operationId")).isEqualTo(first.jsonPath().getString("operationId"));
        assertThat(retry.header("X-Operation-Id")).isEqualTo(first.header("X-Operation-Id"));
        assertThat(body.getString("action")).isEqualTo("install");
        assertThat(body.getList("applications.name", String.class)).containsExactly("db");
        JsonPath history = history(org, "prod");
        assertThat(history.getList("commit", String.class))
                .containsExactly(first.jsonPath().getString("commit"), created);
        assertThat(history.getString("[0].trailers.Idempotency-Key")).isEqualTo("install-db-0001");
    }

    @Test
    void shouldRefuseWithEveryViolationAndCommitNothingWhenConfigIsInvalid() {
        // Given
        String created = givenEnvironment(org, "prod");
        Map<String, Object> config = Map.of(
                "instances",
                0,
                "postgresVersion",
                "15",
                "storage",
                Map.of("size", "10GB"),
                "backup",
                Map.of("retention", "forever"),
                "replicas",
                3);

        // When
        Response response = install(org, "prod", cnpg("db", config));

        // Then
        JsonPath problem = assertProblem(response, 422, "invalid-config", apps);
        assertThat(problem.getString("title")).isEqualTo("Invalid config");
        assertThat(problem.getString("detail")).startsWith("the config is not valid for Blueprint 'cnpg': ");
        assertThat(new HashSet<>(problem.getList("errors.pointer", String.class)))
                .containsExactlyInAnyOrder(
                        "/config/instances",
                        "/config/postgresVersion",
                        "/config/storage/size",
                        "/config/backup/retention",
                        "/config/replicas");
        assertThat(problem.getList("errors.detail", String.class))
                .allSatisfy(detail -> assertThat(detail).isNotBlank());
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldRefuseWithPointerToConfigWhenConfigIsNotAnObject() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", "db", "blueprint", "cnpg", "config", List.of(3)));

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", apps);
        assertThat(problem.getList("errors.pointer", String.class)).containsExactly("/config");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldAnswerNotFoundWhenBlueprintIsUnknown() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", "db", "blueprint", "postgres-xl"));

        // Then
        assertThat(assertProblem(response, 404, "not-found", apps).getString("detail"))
                .isEqualTo("no Blueprint named 'postgres-xl'");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldAnswerNotFoundWhenBlueprintVersionIsUnknown() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", "db", "blueprint", "cnpg", "version", "9.9.9"));

        // Then
        assertThat(assertProblem(response, 404, "not-found", apps).getString("detail"))
                .isEqualTo("Blueprint 'cnpg' has no version '9.9.9'; available: 1.0.0");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldInstallWhenVersionIsTheCatalogVersion() {
        // Given
        givenEnvironment(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", "db", "blueprint", "cnpg", "version", "1.0.0"));

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        assertThat(response.jsonPath().getString("applications[0].version")).isEqualTo("1.0.0");
    }

    @Test
    void shouldAnswerNotFoundWhenEnvironmentIsUnknown() {
        // Given
        TestIdentity.organization(org);

        // When
        Response response = install(org, "nope", cnpg("db"));

        // Then
        assertThat(assertProblem(response, 404, "not-found", applications(org, "nope"))
                        .getString("detail"))
                .isEqualTo("no Environment " + org + "/nope");
        assertThat(given().get(commits(org, "nope")).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerConflictAndCommitNothingWhenApplicationExists() {
        // Given
        givenEnvironment(org, "prod");
        givenInstalled(org, "prod", cnpg("db"));
        List<String> before = commitIds(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", "db", "blueprint", "valkey"));

        // Then
        assertThat(assertProblem(response, 409, "conflict", apps).getString("detail"))
                .isEqualTo("Application 'db' exists already in " + org
                        + "/prod; reconfigure or upgrade it, or choose another name");
        assertThat(commitIds(org, "prod")).isEqualTo(before);
    }

    @Test
    void shouldRefuseAsUnprocessableWhenBlueprintIsControlPlane() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", "catalog", "blueprint", "catalog-svc"));

        // Then
        assertThat(assertProblem(response, 422, "unprocessable", apps).getString("detail"))
                .isEqualTo("Blueprint 'catalog-svc' is not installable as an Application (placement: control-plane)");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldRefuseAsUnprocessableWhenDependencyIsNotInstalled() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", "flows", "blueprint", "temporal"));

        // Then
        assertThat(assertProblem(response, 422, "unprocessable", apps).getString("detail"))
                .isEqualTo("Application 'flows' (temporal) needs an Application of Blueprint 'cnpg' in this"
                        + " Environment: install it first");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldCommitTheManifestsOfABlueprintWithoutAChart() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", "gateway", "blueprint", "llm-gateway"));

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        JsonPath body = response.jsonPath();
        assertThat(body.getList("diff.path", String.class))
                .contains("manifests/gateway/deployment-gateway.yaml", "manifests/gateway/service-gateway.yaml")
                .doesNotContain("resources/gateway/helmrelease.yaml", "dependencies/gateway/source.yaml");
        assertThat(commitIds(org, "prod")).containsExactly(body.getString("commit"), created);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "Db", "db_1", "-db", ""})
    void shouldRefuseNamingBodyFieldNameWhenApplicationNameIsNotALabel(String name) {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", name, "blueprint", "cnpg"));

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", apps);
        assertThat(problem.getList("errors.pointer", String.class)).containsExactly("/name");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldRefuseNamingPathSegmentAppWhenApplicationInPathIsNotALabel() {
        // Given
        givenEnvironment(org, "prod");
        String path = application(org, "prod", "Db");

        // When
        Response get = given().get(path);
        Response put = given().contentType(ContentType.JSON)
                .body(Map.of("config", Map.of()))
                .put(path);
        Response delete = given().delete(path);
        Response upgrade = given().contentType(ContentType.JSON)
                .body(Map.of("version", "1.0.0"))
                .post(path + "/upgrade");

        // Then
        for (Response response : List.of(get, put, delete)) {
            assertThat(assertProblem(response, 400, "invalid-request", path).getList("errors.path", String.class))
                    .containsExactly("app");
        }
        assertThat(assertProblem(upgrade, 400, "invalid-request", path + "/upgrade")
                        .getList("errors.path", String.class))
                .containsExactly("app");
    }

    @Test
    void shouldRefuseNamingEveryBadFieldWhenBodyHasUnknownAndMissingFields() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = install(org, "prod", Map.of("name", "db", "colour", "blue", "values", Map.of()));

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", apps);
        assertThat(problem.getList("errors.pointer", String.class))
                .containsExactlyInAnyOrder("/colour", "/values", "/blueprint");
        assertThat(problem.getString("detail")).startsWith("3 problems with the request: ");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{\"name\": \"db\",", "{name: db}", "{'name':'db'}", "{\"name\": \"db\" \"blueprint\": \"cnpg\"}"
            })
    void shouldRefuseAsProblemWhenBodyIsMalformedJson(String json) {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON).body(json).post(apps);

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", apps);
        assertThat(problem.getString("detail")).startsWith("the body is not valid JSON");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldRefuseAndStayHealthyWhenBodyIsNestedOneHundredThousandLevelsDeep() {
        // Given
        String created = givenEnvironment(org, "prod");
        String bomb =
                "{\"name\":\"db\",\"blueprint\":\"cnpg\",\"config\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        // When
        RawResponse response = rawPost(apps, "application/json", bomb);

        // Then
        assertThat(response.status()).isIn(400, 413);
        assertThat(response.contentType()).isEqualTo(ProvisioningApi.PROBLEM_JSON);
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(install(org, "prod", cnpg("db")).statusCode()).isEqualTo(201);
        assertThat(commitIds(org, "prod")).hasSize(2).endsWith(created);
        assertProblem(
                response, response.status(), response.status() == 400 ? "invalid-request" : "payload-too-large", apps);
    }

    @Test
    void shouldRefuseAsTooLargeWhenBodyIsOverOneMebibyte() {
        // Given
        String created = givenEnvironment(org, "prod");
        String large =
                "{\"name\":\"db\",\"blueprint\":\"cnpg\",\"config\":{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}}";

        // When
        RawResponse response = rawPost(apps, "application/json", large);

        // Then
        JsonPath problem = assertProblem(response, 413, "payload-too-large", apps);
        assertThat(problem.getString("detail")).isEqualTo("the request body is too large (the limit is 1 MiB)");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    /** RFC 8259: a JSON text is one value; what follows it makes the body malformed, not ignorable. */
    @Test
    void shouldRefuseAndCommitNothingWhenValidObjectIsFollowedByMoreText() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .body("{\"name\": \"db\", \"blueprint\": \"cnpg\"} {\"name\": \"other\"}")
                .post(apps);

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", apps);
        assertThat(problem.getString("detail")).startsWith("the body is not valid JSON");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldRefuseAsTooLargeWhenChunkedBodyIsOverOneMebibyte() {
        // Given
        String created = givenEnvironment(org, "prod");
        String large =
                "{\"name\":\"db\",\"blueprint\":\"cnpg\",\"config\":{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}}";

        // When
        RawResponse response = rawPostChunked(apps, "application/json", large);

        // Then
        JsonPath problem = assertProblem(response, 413, "payload-too-large", apps);
        assertThat(problem.getString("detail")).isEqualTo("the request body is too large (the limit is 1 MiB)");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldRefuseAsUnsupportedMediaTypeWhenBodyIsPlainText() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.TEXT)
                .body("{\"name\":\"db\",\"blueprint\":\"cnpg\"}")
                .post(apps);

        // Then
        JsonPath problem = assertProblem(response, 415, "unsupported-media-type", apps);
        assertThat(problem.getString("detail")).isEqualTo("unsupported media type; send application/json");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @ParameterizedTest
    @ValueSource(strings = {"install db", "tab\there", "é-key"})
    void shouldRefuseNamingTheHeaderWhenIdempotencyKeyHasForbiddenCharacters(String key) {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .header(IDEMPOTENCY_KEY, key)
                .body(cnpg("db"))
                .post(apps);

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", apps);
        assertThat(problem.getList("errors.header", String.class)).containsExactly(IDEMPOTENCY_KEY);
        assertThat(problem.getString("errors[0].detail"))
                .isEqualTo("Idempotency-Key must be 1 to 200 printable ASCII characters without spaces");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldRefuseNamingTheHeaderWhenIdempotencyKeyIsThreeHundredCharacters() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .header(IDEMPOTENCY_KEY, "k".repeat(300))
                .body(cnpg("db"))
                .post(apps);

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", apps);
        assertThat(problem.getList("errors.header", String.class)).containsExactly(IDEMPOTENCY_KEY);
        assertThat(problem.getString("detail")).startsWith("header 'Idempotency-Key': ");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    // ---------------------------------------------------------------- reconfigure

    @Test
    void shouldCommitNewValuesWhenReconfigured() {
        // Given
        givenEnvironment(org, "prod");
        String installed = givenInstalled(org, "prod", cnpg("db")).getString("commit");

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("config", Map.of("instances", 5)))
                .put(application(org, "prod", "db"));

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getString("action")).isEqualTo("reconfigure");
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getBoolean("preview")).isFalse();
        assertThat(body.getString("operationId")).isEqualTo(response.header("X-Operation-Id"));
        assertThat(changes(body))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        ".catalyst/applications/db.yaml", "modified",
                        "manifests/db/cluster-db.yaml", "modified"));
        assertThat(body.getString("diff.find { it.path == 'manifests/db/cluster-db.yaml' }.diff"))
                .containsPattern("\n-\\s+instances: 3\n")
                .containsPattern("\n\\+\\s+instances: 5\n");
        assertThat(body.getMap("applications[0].values")).containsExactly(Map.entry("instances", 5));
        assertThat(commitIds(org, "prod")).hasSize(3).startsWith(body.getString("commit"), installed);
        assertThat(subjects(org, "prod").getFirst()).isEqualTo("reconfigure db");
        assertThat(given().get(application(org, "prod", "db")).jsonPath().getMap("values"))
                .containsExactly(Map.entry("instances", 5));
    }

    @Test
    void shouldAnswerTheDiffAndCommitNothingWhenReconfigureIsPreviewed() {
        // Given
        givenEnvironment(org, "prod");
        String installed = givenInstalled(org, "prod", cnpg("db")).getString("commit");
        List<String> before = commitIds(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .queryParam("preview", true)
                .body(Map.of("config", Map.of("instances", 5)))
                .put(application(org, "prod", "db"));

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getBoolean("preview")).isTrue();
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getString("commit")).isEqualTo(installed);
        assertThat(body.getList("diff.path", String.class))
                .containsExactlyInAnyOrder(".catalyst/applications/db.yaml", "manifests/db/cluster-db.yaml");
        assertThat(body.getMap("applications[0].values")).containsExactly(Map.entry("instances", 5));
        assertThat(commitIds(org, "prod")).isEqualTo(before);
        assertThat(given().get(application(org, "prod", "db")).jsonPath().getMap("values"))
                .isEmpty();
    }

    @Test
    void shouldRefuseWithPointerAndCommitNothingWhenReconfigureConfigIsInvalid() {
        // Given
        givenEnvironment(org, "prod");
        givenInstalled(org, "prod", cnpg("db"));
        List<String> before = commitIds(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("config", Map.of("instances", 10)))
                .put(application(org, "prod", "db"));

        // Then
        JsonPath problem = assertProblem(response, 422, "invalid-config", application(org, "prod", "db"));
        assertThat(problem.getList("errors.pointer", String.class)).containsOnly("/config/instances");
        assertThat(commitIds(org, "prod")).isEqualTo(before);
    }

    @Test
    void shouldAnswerNotFoundWhenReconfiguringAnUnknownApplication() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("config", Map.of()))
                .put(application(org, "prod", "nope"));

        // Then
        assertThat(assertProblem(response, 404, "not-found", application(org, "prod", "nope"))
                        .getString("detail"))
                .isEqualTo("no Application 'nope' in " + org + "/prod");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    // ---------------------------------------------------------------- upgrade

    @Test
    void shouldCommitNothingWhenUpgradingToTheInstalledVersionWithoutConfig() {
        // Given
        givenEnvironment(org, "prod");
        String installed =
                givenInstalled(org, "prod", cnpg("db", Map.of("instances", 4))).getString("commit");

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("version", "1.0.0"))
                .post(application(org, "prod", "db") + "/upgrade");

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getString("action")).isEqualTo("upgrade");
        assertThat(body.getBoolean("changed")).isFalse();
        assertThat(body.getString("commit")).isEqualTo(installed);
        assertThat(body.getList("diff")).isEmpty();
        assertThat(body.getMap("applications[0].values")).containsExactly(Map.entry("instances", 4));
        assertThat(commitIds(org, "prod").getFirst()).isEqualTo(installed);
    }

    @Test
    void shouldCommitNewValuesWhenUpgradingWithConfig() {
        // Given
        givenEnvironment(org, "prod");
        String installed = givenInstalled(org, "prod", cnpg("db")).getString("commit");

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("version", "1.0.0", "config", Map.of("instances", 2)))
                .post(application(org, "prod", "db") + "/upgrade");

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getString("action")).isEqualTo("upgrade");
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getBoolean("preview")).isFalse();
        assertThat(body.getList("diff.path", String.class))
                .containsExactlyInAnyOrder(".catalyst/applications/db.yaml", "manifests/db/cluster-db.yaml");
        assertThat(commitIds(org, "prod")).startsWith(body.getString("commit"), installed);
        assertThat(subjects(org, "prod").getFirst()).isEqualTo("upgrade db (cnpg 1.0.0 -> 1.0.0)");
    }

    @Test
    void shouldAnswerTheDiffAndCommitNothingWhenUpgradeIsPreviewed() {
        // Given
        givenEnvironment(org, "prod");
        String installed = givenInstalled(org, "prod", cnpg("db")).getString("commit");
        List<String> before = commitIds(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .queryParam("preview", true)
                .body(Map.of("version", "1.0.0", "config", Map.of("instances", 2)))
                .post(application(org, "prod", "db") + "/upgrade");

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getBoolean("preview")).isTrue();
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getString("commit")).isEqualTo(installed);
        assertThat(body.getList("diff.path", String.class))
                .containsExactlyInAnyOrder(".catalyst/applications/db.yaml", "manifests/db/cluster-db.yaml");
        assertThat(commitIds(org, "prod")).isEqualTo(before);
    }

    @Test
    void shouldAnswerNotFoundAndCommitNothingWhenUpgradeVersionIsUnknown() {
        // Given
        givenEnvironment(org, "prod");
        givenInstalled(org, "prod", cnpg("db"));
        List<String> before = commitIds(org, "prod");
        String path = application(org, "prod", "db") + "/upgrade";

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("version", "2.0.0"))
                .post(path);

        // Then
        assertThat(assertProblem(response, 404, "not-found", path).getString("detail"))
                .isEqualTo("Blueprint 'cnpg' has no version '2.0.0'; available: 1.0.0");
        assertThat(commitIds(org, "prod")).isEqualTo(before);
    }

    @Test
    void shouldRefuseWithPointerToVersionWhenUpgradeHasNoVersion() {
        // Given
        givenEnvironment(org, "prod");
        givenInstalled(org, "prod", cnpg("db"));
        String path = application(org, "prod", "db") + "/upgrade";

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("config", Map.of()))
                .post(path);

        // Then
        assertThat(assertProblem(response, 400, "invalid-request", path).getList("errors.pointer", String.class))
                .containsExactly("/version");
    }

    // ---------------------------------------------------------------- uninstall

    @Test
    void shouldRemoveEveryFileOfTheApplicationWhenUninstalled() {
        // Given
        givenEnvironment(org, "prod");
        givenInstalled(org, "prod", Map.of("name", "cache", "blueprint", "valkey"));
        String installed = givenInstalled(org, "prod", cnpg("db")).getString("commit");

        // When
        Response response = given().delete(application(org, "prod", "db"));

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getString("action")).isEqualTo("uninstall");
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getString("operationId")).isEqualTo(response.header("X-Operation-Id"));
        assertThat(changes(body))
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry(".catalyst/applications/db.yaml", "deleted"),
                        Map.entry("dependencies/db/kustomization.yaml", "deleted"),
                        Map.entry("dependencies/db/namespace.yaml", "deleted"),
                        Map.entry("dependencies/db/source.yaml", "deleted"),
                        Map.entry("dependencies/kustomization.yaml", "modified"),
                        Map.entry("manifests/db/cluster-db.yaml", "deleted"),
                        Map.entry("manifests/db/kustomization.yaml", "deleted"),
                        Map.entry("manifests/kustomization.yaml", "modified"),
                        Map.entry("resources/db/helmrelease.yaml", "deleted"),
                        Map.entry("resources/db/kustomization.yaml", "deleted"),
                        Map.entry("resources/kustomization.yaml", "modified")));
        assertThat(body.getList("applications.name", String.class)).containsExactly("cache");
        assertThat(commitIds(org, "prod")).startsWith(body.getString("commit"), installed);
        assertThat(subjects(org, "prod").getFirst()).isEqualTo("uninstall db (cnpg 1.0.0)");
        assertThat(given().get(application(org, "prod", "db")).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswerTheDiffAndCommitNothingWhenUninstallIsPreviewed() {
        // Given
        givenEnvironment(org, "prod");
        String installed = givenInstalled(org, "prod", cnpg("db")).getString("commit");
        List<String> before = commitIds(org, "prod");

        // When
        Response response = given().queryParam("preview", true).delete(application(org, "prod", "db"));

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getBoolean("preview")).isTrue();
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getString("commit")).isEqualTo(installed);
        assertThat(body.getList("applications")).isEmpty();
        assertThat(body.getList("diff.path", String.class)).contains(".catalyst/applications/db.yaml");
        assertThat(commitIds(org, "prod")).isEqualTo(before);
        assertThat(given().get(application(org, "prod", "db")).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerNotFoundWhenUninstallingAnUnknownApplication() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().delete(application(org, "prod", "nope"));

        // Then
        assertThat(assertProblem(response, 404, "not-found", application(org, "prod", "nope"))
                        .getString("detail"))
                .isEqualTo("no Application 'nope' in " + org + "/prod");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    // ---------------------------------------------------------------- read

    @Test
    void shouldListApplicationsByNameWhenSomeAreInstalled() {
        // Given
        givenEnvironment(org, "prod");
        givenInstalled(org, "prod", Map.of("name", "search", "blueprint", "valkey", "config", Map.of("replicas", 2)));
        givenInstalled(org, "prod", cnpg("db"));

        // When
        Response response = given().get(apps);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getList("name", String.class)).containsExactly("db", "search");
        assertThat(body.getList("blueprint", String.class)).containsExactly("cnpg", "valkey");
        assertThat(body.getMap("[1].values")).containsExactly(Map.entry("replicas", 2));
        assertThat(body.getMap("[0].values")).isEmpty();
    }

    @Test
    void shouldAnswerOneApplicationWhenItIsInstalled() {
        // Given
        givenEnvironment(org, "prod");
        givenInstalled(org, "prod", cnpg("db", Map.of("storage", Map.of("size", "20Gi"))));

        // When
        Response response = given().get(application(org, "prod", "db"));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getMap("$"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "name", "db",
                        "blueprint", "cnpg",
                        "version", "1.0.0",
                        "values", Map.of("storage", Map.of("size", "20Gi")),
                        "secrets", List.of()));
    }

    @Test
    void shouldAnswerNotFoundWhenApplicationIsUnknown() {
        // Given
        givenEnvironment(org, "prod");

        // When
        Response inKnownEnvironment = given().get(application(org, "prod", "nope"));
        Response inUnknownEnvironment = given().get(application(org, "gone", "db"));
        Response listOfUnknownEnvironment = given().get(applications(org, "gone"));

        // Then
        assertThat(assertProblem(inKnownEnvironment, 404, "not-found", application(org, "prod", "nope"))
                        .getString("detail"))
                .isEqualTo("no Application 'nope' in " + org + "/prod");
        assertThat(assertProblem(inUnknownEnvironment, 404, "not-found", application(org, "gone", "db"))
                        .getString("detail"))
                .isEqualTo("no Environment " + org + "/gone");
        assertThat(assertProblem(listOfUnknownEnvironment, 404, "not-found", applications(org, "gone"))
                        .getString("detail"))
                .isEqualTo("no Environment " + org + "/gone");
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void shouldNeverAnswerTheSecretValueWhenApplicationHasASecret() {
        // Given
        givenEnvironment(org, "prod");
        String db = application(org, "prod", "db");
        List<Response> responses = new ArrayList<>();

        // When
        responses.add(install(org, "prod", cnpg("db", Map.of("superuserPassword", PASSWORD, "instances", 2))));
        responses.add(given().get(db));
        responses.add(given().get(apps));
        responses.add(given().get(commits(org, "prod")));
        responses.add(given().contentType(ContentType.JSON)
                .queryParam("preview", true)
                .body(Map.of("config", Map.of("superuserPassword", PASSWORD + "-next")))
                .put(db));
        responses.add(given().contentType(ContentType.JSON)
                .body(Map.of("config", Map.of("instances", 3)))
                .put(db));
        responses.add(given().contentType(ContentType.JSON)
                .body(Map.of("version", "1.0.0", "config", Map.of("superuserPassword", PASSWORD)))
                .post(db + "/upgrade"));
        responses.add(given().queryParam("preview", true).delete(db));
        responses.add(install(org, "prod", cnpg("db", Map.of("superuserPassword", PASSWORD))));
        responses.add(install(org, "prod", cnpg("other", Map.of("superuserPassword", PASSWORD, "instances", 0))));

        // Then
        assertThat(responses.stream().map(Response::statusCode))
                .containsExactly(201, 200, 200, 200, 200, 200, 200, 200, 409, 422);
        assertThat(responses)
                .allSatisfy(response ->
                        assertThat(response.asString()).doesNotContain(PASSWORD).doesNotContain("Sup3r"));
        JsonPath installed = responses.getFirst().jsonPath();
        assertThat(installed.getList("applications[0].secrets", String.class)).containsExactly("/superuserPassword");
        assertThat(installed.getMap("applications[0].values")).containsExactly(Map.entry("instances", 2));
        assertThat(installed.getList("diff.path", String.class)).contains("resources/db/externalsecret.yaml");
        assertThat(responses.get(1).jsonPath().getList("secrets", String.class)).containsExactly("/superuserPassword");
        assertThat(responses.get(5).jsonPath().getList("applications[0].secrets", String.class))
                .as("a reconfigure that leaves the secret out keeps it")
                .containsExactly("/superuserPassword");
    }

    @Test
    void shouldNotQuoteTheSecretWhenItViolatesTheSchema() {
        // Given
        String created = givenEnvironment(org, "prod");
        String tooShort = "Zq9-Wx7-Kp";

        // When
        Response response = install(org, "prod", cnpg("db", Map.of("superuserPassword", tooShort)));

        // Then
        JsonPath problem = assertProblem(response, 422, "invalid-config", apps);
        assertThat(problem.getList("errors.pointer", String.class)).containsOnly("/config/superuserPassword");
        assertThat(response.asString()).doesNotContain(tooShort);
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }
}
