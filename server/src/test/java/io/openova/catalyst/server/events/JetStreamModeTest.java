package io.openova.catalyst.server.events;

import static io.openova.catalyst.server.provisioning.ProvisioningApi.createEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenInstalled;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.jetstream.JetStreamEventSpine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server on NATS JetStream (catalyst.events.nats-servers set) against a real nats-server. */
@QuarkusTest
@TestProfile(JetStreamModeTest.JetStreamMode.class)
class JetStreamModeTest {
    public static final class JetStreamMode implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(NatsTestServer.class));
        }
    }

    @Inject
    EventSpine spine;

    @Test
    void shouldPublishToJetStreamAndProjectFromIt() {
        // Given
        String org = NatsTestServer.ORG;
        givenEnvironment(org, "prod");

        // When
        JsonPath installed = givenInstalled(org, "prod", Map.of("name", "db", "blueprint", "cnpg"));

        // Then: the facts are in the Organization's JetStream stream, and the read model follows it
        assertThat(spine.toString()).startsWith(JetStreamEventSpine.class.getSimpleName() + "[");
        List<SpineMessage> messages = spine.read(org, 0, "catalyst." + org + ".prod.>", 100);
        assertThat(messages)
                .extracting(SpineMessage::subject)
                .containsExactly("catalyst." + org + ".prod.env.created", "catalyst." + org + ".prod.app.db.committed");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(given().get("/api/v1/orgs/" + org + "/environments/prod/status")
                                .jsonPath()
                                .getString("applications.find { it.name == 'db' }.commitId"))
                        .isEqualTo(installed.getString("commit")));
    }

    @Test
    void shouldCreateTheEnvironmentOfAnOrganizationWithoutNatsCredentialsAndPublishNothing() {
        // When: an Organization the NATS server has no account for
        Response response = createEnvironment("nocreds", "prod");

        // Then: the Environment is created in Git (the truth); its events wait for credentials and recovery
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(spine.read(NatsTestServer.ORG, 0, "catalyst." + NatsTestServer.ORG + ".nocreds.>", 10))
                .isEmpty();
    }
}
