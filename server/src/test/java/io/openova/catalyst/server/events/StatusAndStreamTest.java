package io.openova.catalyst.server.events;

import static io.openova.catalyst.server.provisioning.ProvisioningApi.assertProblem;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenInstalled;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.install;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads from the read model: status, operations and the live stream of an Environment. */
@QuarkusTest
class StatusAndStreamTest {
    @TestHTTPResource("/")
    URL server;

    private static String base(String org, String env) {
        return "/api/v1/orgs/" + org + "/environments/" + env;
    }

    private URI events(String org, String env) {
        return URI.create(server.toString().replaceAll("/$", "") + base(org, env) + "/events");
    }

    @Test
    void shouldShowTheInstalledApplicationAndItsSucceededOperationFromTheReadModel() {
        // Given
        String org = uniqueName("st");
        givenEnvironment(org, "prod");

        // When
        JsonPath installed = givenInstalled(org, "prod", Map.of("name", "db", "blueprint", "cnpg"));
        String operation = installed.getString("operationId");

        // Then
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath status = given().get(base(org, "prod") + "/status").jsonPath();
            assertThat(status.getString("applications.find { it.name == 'db' }.phase"))
                    .isEqualTo("COMMITTED");
            assertThat(status.getString("applications.find { it.name == 'db' }.commitId"))
                    .isEqualTo(installed.getString("commit"));
        });
        JsonPath op =
                given().get(base(org, "prod") + "/operations/" + operation).jsonPath();
        assertThat(op.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(op.getString("commitId")).isEqualTo(installed.getString("commit"));
        assertThat(given().get(base(org, "prod") + "/operations").jsonPath().getList("operationId", String.class))
                .contains(operation);
    }

    @Test
    void shouldRecordARefusedRequestAsAFailedOperation() {
        // Given
        String org = uniqueName("st");
        givenEnvironment(org, "prod");

        // When
        Response refused = install(org, "prod", Map.of("name", "db", "blueprint", "no-such-blueprint"));

        // Then
        assertThat(refused.statusCode()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(given().get(base(org, "prod") + "/operations")
                                .jsonPath()
                                .getList("state", String.class))
                        .contains("FAILED"));
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownEnvironmentOrOperation() {
        // Given
        String org = uniqueName("st");
        givenEnvironment(org, "prod");
        String unknownEnv = base(org, "nowhere") + "/status";
        String unknownOp = base(org, "prod") + "/operations/nope";

        // When / Then
        assertProblem(given().get(unknownEnv), 404, "not-found", unknownEnv);
        assertProblem(given().get(unknownOp), 404, "not-found", unknownOp);
    }

    @Test
    void shouldStreamASnapshotThenEachEventAndResumeAfterTheLastEventIdWithNothingRepeated() throws Exception {
        // Given
        String org = uniqueName("st");
        givenEnvironment(org, "prod");
        String snapshotId;
        String committedId;
        try (SseClient client = new SseClient(events(org, "prod"), null)) {
            assertThat(client.status()).isEqualTo(200);
            SseClient.Event snapshot = client.next("snapshot", 20);
            snapshotId = snapshot.id();
            assertThat(snapshot.data()).contains("\"org\":\"" + org + "\"", "\"env\":\"prod\"");

            // When
            givenInstalled(org, "prod", Map.of("name", "db", "blueprint", "cnpg"));

            // Then
            SseClient.Event committed = client.next("committed", 20);
            committedId = committed.id();
            assertThat(Long.parseLong(committedId)).isGreaterThan(Long.parseLong(snapshotId));
            assertThat(committed.data()).contains("\"application\":\"db\"", "\"phase\":\"COMMITTED\"");
        }

        // When: a second install while no one listens, then a reconnect from the first committed event
        givenInstalled(org, "prod", Map.of("name", "cache", "blueprint", "valkey"));
        try (SseClient resumed = new SseClient(events(org, "prod"), committedId)) {
            // Then: exactly the event after it, no snapshot, nothing repeated
            SseClient.Event next = resumed.next(20);
            assertThat(next.name()).isEqualTo("committed");
            assertThat(next.data()).contains("\"application\":\"cache\"");
            assertThat(Long.parseLong(next.id())).isGreaterThan(Long.parseLong(committedId));
        }
    }

    @Test
    void shouldRefuseALastEventIdThatIsNotANumberAndAnUnknownEnvironment() throws Exception {
        // Given
        String org = uniqueName("st");
        givenEnvironment(org, "prod");

        // When
        Response bad = given().header("Last-Event-ID", "yesterday").get(base(org, "prod") + "/events");
        Response unknown = given().get(base(org, "nowhere") + "/events");

        // Then
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("errors[0].header")).isEqualTo("Last-Event-ID");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.contentType()).isEqualTo("application/problem+json");
    }
}
