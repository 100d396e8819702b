package io.openova.catalyst.projector;

import static io.openova.catalyst.projector.TestEvents.committed;
import static io.openova.catalyst.projector.TestEvents.created;
import static io.openova.catalyst.projector.TestEvents.failed;
import static io.openova.catalyst.projector.TestEvents.fold;
import static io.openova.catalyst.projector.TestEvents.installToReady;
import static io.openova.catalyst.projector.TestEvents.ready;
import static io.openova.catalyst.projector.TestEvents.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.event.CatalystEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadModelCodecTest {

    private final Projection projection = Projection.defaults();

    /** A model with every kind of value: timed out, failed, committed, ready, an unmatched Flux report. */
    private EnvironmentReadModel richModel() {
        List<CatalystEvent> events = new ArrayList<>();
        events.add(created("op-0", "c0", 0));
        events.addAll(installToReady());
        events.add(requested("op-2", "api", "install", 50));
        events.add(failed("op-2", "api", 422, "/port: must be a number", 51));
        events.add(requested("op-3", "cache", "install", 52));
        events.add(ready("flux-9", "ghost", "c9", 53));
        events.add(committed("op-4", "db", "install", "16.1", "c4", 54));
        return projection.expire(fold(projection, events), TestEvents.at(52).plus(Duration.ofMinutes(10)));
    }

    @Test
    void shouldReadBackWhatItWrote() {
        // Given
        EnvironmentReadModel model = richModel();

        // When
        EnvironmentReadModel read = ReadModelCodec.decode(ReadModelCodec.encode(model));

        // Then
        assertThat(read).isEqualTo(model);
        assertThat(read.operation("op-3").orElseThrow().state()).isEqualTo(OperationState.TIMED_OUT);
        assertThat(read.unmatchedStatuses()).hasSize(1);
    }

    @Test
    void shouldWriteConditionStatusesAsKubernetesDoesAndLeaveOutAbsentValues() {
        // Given
        EnvironmentReadModel model = fold(projection, installToReady().subList(0, 1));

        // When
        ObjectNode json = ReadModelCodec.toJson(model.application("web").orElseThrow());

        // Then
        assertThat(json.path("phase").asText()).isEqualTo("PENDING");
        assertThat(json.has("blueprint")).isFalse();
        assertThat(json.has("commitId")).isFalse();
        assertThat(json.path("conditions").get(0).path("status").asText()).isEqualTo("Unknown");
        assertThat(json.path("createdAt").asText()).isEqualTo("2026-04-27T10:00:00Z");
    }

    @Test
    void shouldRejectAModelOfAnotherFormat() {
        // Given
        String stored = new String(ReadModelCodec.encode(richModel()), StandardCharsets.UTF_8)
                .replace("\"format\":1", "\"format\":2");

        // When
        Throwable thrown = catchThrowable(() -> ReadModelCodec.decode(stored.getBytes(StandardCharsets.UTF_8)));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format");
    }

    @Test
    void shouldNameTheFieldThatIsMissing() {
        // Given
        String stored = new String(ReadModelCodec.encode(richModel()), StandardCharsets.UTF_8)
                .replace("\"lastOperationId\"", "\"lastOperation\"");

        // When
        Throwable thrown = catchThrowable(() -> ReadModelCodec.decode(stored.getBytes(StandardCharsets.UTF_8)));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lastOperationId");
    }
}
