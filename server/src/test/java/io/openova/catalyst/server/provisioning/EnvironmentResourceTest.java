package io.openova.catalyst.server.provisioning;

import static io.openova.catalyst.server.provisioning.ProvisioningApi.assertProblem;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.commitIds;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.commits;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.createEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.environments;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenInstalled;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.rollback;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.subjects;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.server.security.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Environments over HTTP: create, list, history, rollback; each test in an Organization of its own. */
@QuarkusTest
class EnvironmentResourceTest {
    private static final String COMMIT_ID = "[0-9a-f]{40}";
    private static final String NOT_A_LABEL = "is not a DNS-1123 label";

    private final String org = uniqueName("org");

    @BeforeEach
    void organization() {
        TestIdentity.organization(org);
    }

    // ---------------------------------------------------------------- create

    @Test
    void shouldCreateEnvironmentWithRepositoryAndFirstCommitWhenNameIsValid() {
        // When
        Response response = createEnvironment(org, "staging");

        // Then
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.header("Location")).endsWith("/api/v1/orgs/" + org + "/environments/staging");
        JsonPath body = response.jsonPath();
        assertThat(body.getMap("environment", String.class, String.class))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("organization", org, "name", "staging", "repository", "/git/" + org + "/staging.git"));
        assertThat(body.getString("commit")).matches(COMMIT_ID);
        assertThat(commitIds(org, "staging")).containsExactly(body.getString("commit"));
        assertThat(subjects(org, "staging")).containsExactly("create environment " + org + "/staging");
    }

    @Test
    void shouldListEnvironmentsOfTheOrganizationSortedByNameWhenSomeExist() {
        // Given
        givenEnvironment(org, "prod");
        givenEnvironment(org, "dev");
        givenEnvironment(uniqueName("other"), "qa");

        // When
        Response response = given().get(environments(org));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getList("name", String.class)).containsExactly("dev", "prod");
        assertThat(body.getList("organization", String.class)).containsOnly(org);
        assertThat(body.getList("repository", String.class))
                .containsExactly("/git/" + org + "/dev.git", "/git/" + org + "/prod.git");
    }

    @Test
    void shouldListNothingWhenOrganizationHasNoEnvironment() {
        // When
        Response response = given().get(environments(org));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getList("$")).isEmpty();
    }

    @Test
    void shouldAnswerConflictAndKeepHistoryWhenEnvironmentExists() {
        // Given
        String first = givenEnvironment(org, "prod");

        // When
        Response response = createEnvironment(org, "prod");

        // Then
        JsonPath problem = assertProblem(response, 409, "conflict", environments(org));
        assertThat(problem.getString("detail")).isEqualTo("Environment " + org + "/prod exists already");
        assertThat(commitIds(org, "prod")).containsExactly(first);
    }

    // ---------------------------------------------------------------- create: bad input

    static Stream<Arguments> badNames() {
        return Stream.of(
                Arguments.of("Acme", NOT_A_LABEL),
                Arguments.of("a_b", NOT_A_LABEL),
                Arguments.of("..", NOT_A_LABEL),
                Arguments.of("a".repeat(64), "must be at most 63 characters, got 64"));
    }

    /** {@code ..} is not in this list: a client or the server normalizes it out of the path before routing. */
    static Stream<Arguments> badOrganizations() {
        return badNames().filter(arguments -> !"..".equals(arguments.get()[0]));
    }

    @ParameterizedTest
    @MethodSource("badOrganizations")
    void shouldRefuseNamingPathSegmentOrgWhenOrganizationIsNotALabel(String badOrg, String problem) {
        // When
        Response response = createEnvironment(badOrg, "prod");

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", environments(badOrg));
        assertThat(body.getList("errors.path", String.class)).containsExactly("org");
        assertThat(body.getString("errors[0].detail")).contains(problem);
        assertThat(given().get(environments(badOrg)).statusCode()).isEqualTo(400);
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void shouldRefuseNamingBodyFieldNameWhenEnvironmentNameIsNotALabel(String badName, String problem) {
        // When
        Response response = createEnvironment(org, badName);

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", environments(org));
        assertThat(body.getList("errors.pointer", String.class)).containsExactly("/name");
        assertThat(body.getString("errors[0].detail")).contains(problem);
        assertThat(given().get(environments(org)).jsonPath().getList("$")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"name\":\"prod\"}]", "\"prod\"", "42", "null"})
    void shouldRefuseWithEmptyPointerWhenBodyIsNotAnObject(String json) {
        // When
        Response response = given().contentType(ContentType.JSON).body(json).post(environments(org));

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", environments(org));
        assertThat(body.getList("errors.pointer", String.class)).containsExactly("");
        assertThat(body.getString("errors[0].detail")).isEqualTo("the request body must be a JSON object");
    }

    @Test
    void shouldRefuseNamingEveryUnknownFieldWhenBodyHasUnknownFields() {
        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("name", "prod", "color", "red", "size", 3))
                .post(environments(org));

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", environments(org));
        assertThat(body.getList("errors.pointer", String.class)).containsExactlyInAnyOrder("/color", "/size");
        assertThat(body.getList("errors.detail", String.class)).containsOnly("unknown field; expected [name]");
        assertThat(given().get(environments(org)).jsonPath().getList("$")).isEmpty();
    }

    @Test
    void shouldRefuseWithPointerToNameWhenNameIsMissing() {
        // When
        Response response = given().contentType(ContentType.JSON).body("{}").post(environments(org));

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", environments(org));
        assertThat(body.getList("errors.pointer", String.class)).containsExactly("/name");
        assertThat(body.getString("errors[0].detail")).isEqualTo("is required");
        assertThat(body.getString("detail")).isEqualTo("body field /name: is required");
    }

    @Test
    void shouldRefuseWithPointerToNameWhenNameIsNotAString() {
        // When
        Response response =
                given().contentType(ContentType.JSON).body("{\"name\": 7}").post(environments(org));

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", environments(org));
        assertThat(body.getList("errors.pointer", String.class)).containsExactly("/name");
        assertThat(body.getString("errors[0].detail")).isEqualTo("must be a string");
    }

    // ---------------------------------------------------------------- history

    @Test
    void shouldListCommitsNewestFirstWithSubjectsAndTrailersWhenApplicationWasInstalled() {
        // Given
        String created = givenEnvironment(org, "prod");
        Response install = given().contentType(ContentType.JSON)
                .header("X-Request-Id", "req-history-1")
                .body(Map.of("name", "cache", "blueprint", "valkey"))
                .post(ProvisioningApi.applications(org, "prod"));
        assertThat(install.statusCode()).as(install.asString()).isEqualTo(201);

        // When
        Response response = given().get(commits(org, "prod"));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath history = response.jsonPath();
        assertThat(history.getList("commit", String.class))
                .containsExactly(install.jsonPath().getString("commit"), created);
        assertThat(history.getList("subject", String.class))
                .containsExactly("install cache (valkey 1.0.0)", "create environment " + org + "/prod");
        assertThat(history.getMap("[0].trailers", String.class, String.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "Operation-Id", install.header("X-Operation-Id"),
                        "Request-Id", "req-history-1",
                        "Catalyst-Action", "install",
                        "Application", "cache"));
        assertThat(history.getMap("[1].trailers", String.class, String.class))
                .containsEntry("Catalyst-Action", "create-environment")
                .containsKeys("Operation-Id", "Request-Id")
                .doesNotContainKey("Application");
        assertThat(history.getList("author", String.class)).containsOnly("test-admin");
        assertThat(history.getList("time", String.class))
                .allSatisfy(time -> assertThat(Instant.parse(time)).isBeforeOrEqualTo(Instant.now()));
    }

    @Test
    void shouldAnswerOnlyTheNewestCommitsWhenLimitIsGiven() {
        // Given
        givenEnvironment(org, "prod");
        String install = givenInstalled(org, "prod", Map.of("name", "cache", "blueprint", "valkey"))
                .getString("commit");

        // When
        Response response = given().queryParam("limit", 1).get(commits(org, "prod"));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getList("commit", String.class)).containsExactly(install);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 501})
    void shouldRefuseNamingParameterLimitWhenLimitIsOutOfBounds(int limit) {
        // Given
        givenEnvironment(org, "prod");

        // When
        Response response = given().queryParam("limit", limit).get(commits(org, "prod"));

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", commits(org, "prod"));
        assertThat(body.getList("errors.parameter", String.class)).containsExactly("limit");
        assertThat(body.getString("errors[0].detail"))
                .isEqualTo("must be a whole number between 1 and 500, got '" + limit + "'");
    }

    @Test
    void shouldRefuseNamingParameterLimitWhenLimitIsNotANumber() {
        // Given
        givenEnvironment(org, "prod");

        // When
        Response response = given().queryParam("limit", "ten").get(commits(org, "prod"));

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", commits(org, "prod"));
        assertThat(body.getList("errors.parameter", String.class)).containsExactly("limit");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 500})
    void shouldAnswerHistoryWhenLimitIsAtABound(int limit) {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().queryParam("limit", limit).get(commits(org, "prod"));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getList("commit", String.class)).containsExactly(created);
    }

    @Test
    void shouldAnswerNotFoundWhenHistoryOfUnknownEnvironmentIsAsked() {
        // When
        Response response = given().get(commits(org, "nope"));

        // Then
        JsonPath problem = assertProblem(response, 404, "not-found", commits(org, "nope"));
        assertThat(problem.getString("detail")).isEqualTo("no Environment " + org + "/nope");
    }

    // ---------------------------------------------------------------- rollback

    /** An Environment with {@code cache} (valkey) installed, then {@code db} (cnpg); the commit after {@code cache}. */
    private String givenTwoInstallsReturningTheFirst() {
        givenEnvironment(org, "prod");
        String first = givenInstalled(org, "prod", Map.of("name", "cache", "blueprint", "valkey"))
                .getString("commit");
        givenInstalled(org, "prod", Map.of("name", "db", "blueprint", "cnpg"));
        return first;
    }

    @Test
    void shouldPreviewRollbackWithoutCommittingWhenPreviewIsTrue() {
        // Given
        String target = givenTwoInstallsReturningTheFirst();
        List<String> before = commitIds(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .queryParam("preview", true)
                .body(Map.of("commit", target))
                .post(rollback(org, "prod"));

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getString("action")).isEqualTo("rollback");
        assertThat(body.getBoolean("preview")).isTrue();
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getString("commit")).isEqualTo(before.getFirst());
        assertThat(body.getList("applications.name", String.class)).containsExactly("cache");
        assertThat(body.getList("diff.path", String.class))
                .contains(".catalyst/applications/db.yaml", "resources/db/helmrelease.yaml");
        assertThat(body.getList("diff.findAll { it.path.contains('/db/') || it.path.endsWith('/db.yaml') }.change"))
                .containsOnly("deleted");
        assertThat(commitIds(org, "prod")).isEqualTo(before);
    }

    @Test
    void shouldCommitTheTreeOfTheTargetWhenRollingBack() {
        // Given
        String target = givenTwoInstallsReturningTheFirst();
        List<String> before = commitIds(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .header("X-Request-Id", "req-rollback-1")
                .body(Map.of("commit", target))
                .post(rollback(org, "prod"));

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getString("action")).isEqualTo("rollback");
        assertThat(body.getBoolean("preview")).isFalse();
        assertThat(body.getBoolean("changed")).isTrue();
        assertThat(body.getString("operationId")).isEqualTo(response.header("X-Operation-Id"));
        assertThat(body.getList("applications.name", String.class)).containsExactly("cache");
        assertThat(body.getList("diff.path", String.class)).contains(".catalyst/applications/db.yaml");
        List<String> after = commitIds(org, "prod");
        assertThat(after).hasSize(before.size() + 1).endsWith(before.toArray(String[]::new));
        assertThat(after.getFirst()).isEqualTo(body.getString("commit"));
        JsonPath history = ProvisioningApi.history(org, "prod");
        assertThat(history.getString("[0].subject")).isEqualTo("rollback to " + target);
        assertThat(history.getMap("[0].trailers", String.class, String.class))
                .containsEntry("Catalyst-Action", "rollback")
                .containsEntry("Request-Id", "req-rollback-1")
                .containsEntry("Operation-Id", body.getString("operationId"));
        assertThat(given().get(ProvisioningApi.applications(org, "prod"))
                        .jsonPath()
                        .getList("name", String.class))
                .containsExactly("cache");
    }

    /** The API accepts 7 to 40 hex digits, as {@code git log --oneline} shows commits. */
    @Test
    void shouldRollBackWhenCommitIdIsAbbreviated() {
        // Given
        String target = givenTwoInstallsReturningTheFirst();

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("commit", target.substring(0, 7)))
                .post(rollback(org, "prod"));

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.jsonPath().getList("applications.name", String.class))
                .containsExactly("cache");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HEAD", "abc", "0123456789ABCDEF", "main~1", "0123456789abcdef0123456789abcdef012345678"})
    void shouldRefuseWithPointerToCommitWhenCommitIsNotACommitId(String commit) {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("commit", commit))
                .post(rollback(org, "prod"));

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", rollback(org, "prod"));
        assertThat(body.getList("errors.pointer", String.class)).containsExactly("/commit");
        assertThat(body.getString("errors[0].detail")).isEqualTo("must be a commit id (7 to 40 hex digits)");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldAnswerNotFoundWhenCommitIsNotInHistory() {
        // Given
        String created = givenEnvironment(org, "prod");
        String elsewhere = givenEnvironment(org, "dev");
        String unknown = "0123456789abcdef0123456789abcdef01234567";

        // When
        Response unknownCommit = given().contentType(ContentType.JSON)
                .body(Map.of("commit", unknown))
                .post(rollback(org, "prod"));
        Response otherEnvironment = given().contentType(ContentType.JSON)
                .body(Map.of("commit", elsewhere))
                .post(rollback(org, "prod"));

        // Then
        assertThat(assertProblem(unknownCommit, 404, "not-found", rollback(org, "prod"))
                        .getString("detail"))
                .isEqualTo("no commit '" + unknown + "' in " + org + "/prod");
        assertThat(assertProblem(otherEnvironment, 404, "not-found", rollback(org, "prod"))
                        .getString("detail"))
                .isEqualTo("no commit '" + elsewhere + "' in " + org + "/prod");
        assertThat(commitIds(org, "prod")).containsExactly(created);
    }

    @Test
    void shouldRefuseWithPointerToCommitWhenCommitIsMissing() {
        // Given
        givenEnvironment(org, "prod");

        // When
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("commmit", "abcdef0"))
                .post(rollback(org, "prod"));

        // Then
        JsonPath body = assertProblem(response, 400, "invalid-request", rollback(org, "prod"));
        assertThat(body.getList("errors.pointer", String.class)).containsExactlyInAnyOrder("/commmit", "/commit");
    }
}
