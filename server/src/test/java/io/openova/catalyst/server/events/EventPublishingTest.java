package io.openova.catalyst.server.events;

import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenInstalled;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.events.EventCodec;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md step 4 through the API: each commit's facts are on the spine once, with the commit's id. */
@QuarkusTest
class EventPublishingTest {
    @Inject
    EventSpine spine;

    @Inject
    EventRecoveryJob recovery;

    private List<SpineMessage> messages(String org) {
        return spine.read(org, 0, EventCodec.environmentFilter(new EnvironmentRef(org, "prod")), 1000);
    }

    @Test
    void shouldPublishTheFactsOfEachCommitOnceEvenAfterARecoveryPass() {
        // Given
        String org = uniqueName("ev");
        String created = givenEnvironment(org, "prod");

        // When
        JsonPath installed = givenInstalled(org, "prod", Map.of("name", "db", "blueprint", "cnpg"));
        recovery.recoverNow();

        // Then
        List<SpineMessage> messages = messages(org);
        assertThat(messages)
                .extracting(SpineMessage::subject)
                .containsExactly("catalyst." + org + ".prod.env.created", "catalyst." + org + ".prod.app.db.committed");
        CatalystEvent first = EventCodec.decode(messages.get(0).payload());
        CatalystEvent committed = EventCodec.decode(messages.get(1).payload());
        assertThat(first.meta().commitId()).contains(created);
        assertThat(committed).isInstanceOf(ApplicationEvent.Committed.class);
        assertThat(committed.meta().commitId()).contains(installed.getString("commit"));
        assertThat(committed.meta().operationId()).isEqualTo(installed.getString("operationId"));
        assertThat(messages.get(1).sequence()).isGreaterThan(messages.get(0).sequence());
    }
}
