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
    void shouldAnswerALastEventIdThatIsNotANumberOrBeyondTheStreamWithAFullSnapshot() throws Exception {
        // Given
        String org = uniqueName("st");
        givenEnvironment(org, "prod");

        for (String lastEventId : new String[] {"yesterday", "-3", "99999999999"}) {
            // When
            try (SseClient client = new SseClient(events(org, "prod"), lastEventId)) {
                // Then
                assertThat(client.status()).as(lastEventId).isEqualTo(200);
                assertThat(client.next(20).name()).as(lastEventId).isEqualTo("snapshot");
            }
        }
    }

    @Test
    void shouldAnswerNotFoundForTheStreamOfAnUnknownEnvironment() {
        // Given
        String org = uniqueName("st");
        String path = base(org, "nowhere") + "/events";

        // When
        Response unknown = given().get(path);

        // Then
        assertProblem(unknown, 404, "not-found", path);
    }

    @Test
    void shouldStreamTheSameEventsInOrderToTwoClientsOfOneEnvironment() throws Exception {
        // Given: two clients of the Environment (sharing its hub)
        String org = uniqueName("st");
        givenEnvironment(org, "prod");
        int installs = 5;
        try (SseClient first = new SseClient(events(org, "prod"), null);
                SseClient second = new SseClient(events(org, "prod"), null)) {
            String firstSnapshot = first.next("snapshot", 20).id();
            String secondSnapshot = second.next("snapshot", 20).id();

            // When
            for (int i = 0; i < installs; i++) {
                givenInstalled(org, "prod", Map.of("name", "app" + i, "blueprint", "valkey"));
            }

            // Then: each gets every install's event once, in order, as the same bytes
            java.util.List<SseClient.Event> firstEvents = new java.util.ArrayList<>();
            java.util.List<SseClient.Event> secondEvents = new java.util.ArrayList<>();
            for (int i = 0; i < installs; i++) {
                firstEvents.add(first.next("committed", 20));
                secondEvents.add(second.next("committed", 20));
            }
            assertThat(firstSnapshot).isEqualTo(secondSnapshot);
            assertThat(firstEvents).isEqualTo(secondEvents);
            assertThat(firstEvents.stream().map(e -> Long.parseLong(e.id())).toList())
                    .isSorted()
                    .doesNotHaveDuplicates()
                    .allSatisfy(id -> assertThat(id).isGreaterThan(Long.parseLong(firstSnapshot)));
            assertThat(firstEvents.stream().map(SseClient.Event::data))
                    .anySatisfy(data -> assertThat(data).contains("\"application\":\"app0\""))
                    .anySatisfy(data -> assertThat(data).contains("\"application\":\"app4\""));
        }
    }

    @Test
    void shouldDeliverEveryEventOfABurstOnceAndInOrderAcrossAReconnect() throws Exception {
        // Given: a client that reads part of a burst of installs, then drops
        String org = uniqueName("st");
        givenEnvironment(org, "prod");
        int installs = 12;
        java.util.List<String> seen = new java.util.ArrayList<>();
        String lastId;
        try (SseClient client = new SseClient(events(org, "prod"), null)) {
            client.next("snapshot", 20);
            for (int i = 0; i < installs; i++) {
                givenInstalled(org, "prod", Map.of("name", "app" + i, "blueprint", "valkey"));
            }
            SseClient.Event event = null;
            for (int i = 0; i < installs / 2; i++) {
                event = client.next("committed", 20);
                seen.add(event.id());
            }
            lastId = event.id();
        }

        // When: it reconnects from the last event it saw
        try (SseClient resumed = new SseClient(events(org, "prod"), lastId)) {
            for (int i = installs / 2; i < installs; i++) {
                seen.add(resumed.next("committed", 20).id());
            }
        }

        // Then: every install's event once, ids strictly increasing
        assertThat(seen).hasSize(installs).doesNotHaveDuplicates();
        assertThat(seen.stream().map(Long::parseLong).toList()).isSorted();
    }
}
