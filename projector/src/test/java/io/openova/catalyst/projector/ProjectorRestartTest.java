package io.openova.catalyst.projector;

import static io.openova.catalyst.projector.TestEvents.ACME;
import static io.openova.catalyst.projector.TestEvents.DEV;
import static io.openova.catalyst.projector.TestEvents.T0;
import static io.openova.catalyst.projector.TestEvents.committed;
import static io.openova.catalyst.projector.TestEvents.fold;
import static io.openova.catalyst.projector.TestEvents.installToReady;
import static io.openova.catalyst.projector.TestEvents.publish;
import static io.openova.catalyst.projector.TestEvents.publishAll;
import static io.openova.catalyst.projector.TestEvents.ready;
import static io.openova.catalyst.projector.TestEvents.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.spine.embedded.EmbeddedEventSpine;
import io.openova.catalyst.spine.embedded.EmbeddedKeyValueStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the file-backed embedded adapters: a restart is closing everything and opening the same data
 * directory again.
 */
class ProjectorRestartTest {

    @TempDir
    Path dataDir;

    private final Projection projection = Projection.defaults();
    private final ManualClock clock = new ManualClock(T0);
    private Running running;

    /** One process: spine, store and projector on {@link #dataDir}. */
    private record Running(
            EmbeddedEventSpine spine, EmbeddedKeyValueStore kv, ReadModelStore store, Projector projector)
            implements AutoCloseable {
        @Override
        public void close() {
            projector.close();
            spine.close();
            kv.close();
        }
    }

    private Running open() {
        EmbeddedEventSpine spine = new EmbeddedEventSpine(dataDir);
        EmbeddedKeyValueStore kv = new EmbeddedKeyValueStore(dataDir);
        ReadModelStore store = new ReadModelStore(kv);
        running = new Running(spine, kv, store, new Projector(spine, store, projection, clock));
        return running;
    }

    @AfterEach
    void closeRunning() {
        if (running != null) {
            running.close();
        }
    }

    private static void awaitSequence(Running process, long sequence) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(process.store()
                                .get(DEV)
                                .map(EnvironmentReadModel::lastSequence)
                                .orElse(0L))
                        .isEqualTo(sequence));
    }

    @Test
    void shouldApplyNoEventTwiceWhenRestartedAndRedelivered() {
        // Given: a projector folded five events, then the process stopped
        Running first = open();
        first.projector().start(ACME);
        publishAll(first.spine(), installToReady());
        awaitSequence(first, 5);
        first.close();
        // and the consumer forgot its acknowledgements, so every event is delivered again
        Running second = open();
        second.spine().deleteConsumer(ACME, Projector.CONSUMER);
        List<CatalystEvent> later = List.of(
                requested("op-2", "web", "upgrade", 60),
                committed("op-2", "web", "upgrade", "1.3.0", "c2", 61),
                ready("flux-3", "web", "c2", 90));

        // When
        second.projector().start(ACME);
        publishAll(second.spine(), later);

        // Then
        awaitSequence(second, 8);
        List<CatalystEvent> all = new ArrayList<>(installToReady());
        all.addAll(later);
        EnvironmentReadModel model = second.store().get(DEV).orElseThrow();
        assertThat(model).isEqualTo(fold(projection, all));
        assertThat(model.operation("op-1").orElseThrow().steps()).hasSize(5);
    }

    @Test
    void shouldGoOnAfterARestartWhereTheAcknowledgementsLeftOff() {
        // Given
        Running first = open();
        first.projector().start(ACME);
        publish(first.spine(), requested("op-1", "web", "install", 0));
        awaitSequence(first, 1);
        first.close();
        Running second = open();

        // When
        second.projector().start(ACME);
        publish(second.spine(), committed("op-1", "web", "install", "1.2.0", "c1", 1));

        // Then
        awaitSequence(second, 2);
        assertThat(second.projector().application(DEV, "web").orElseThrow().phase())
                .isEqualTo(ApplicationPhase.COMMITTED);
        assertThat(second.projector().operation(DEV, "op-1").orElseThrow().steps())
                .extracting(OperationStep::type)
                .containsExactly("requested", "committed");
    }

    @Test
    void shouldRebuildTheReadModelsLostWhileTheStreamKeptItsEvents() {
        // Given: the projector acknowledged everything, then the read models were lost
        Running first = open();
        first.projector().start(ACME);
        publishAll(first.spine(), installToReady());
        awaitSequence(first, 5);
        EnvironmentReadModel before = first.store().get(DEV).orElseThrow();
        first.close();
        Running second = open();
        second.store().clear(ACME);

        // When
        second.projector().start(ACME);

        // Then
        assertThat(second.store().get(DEV)).contains(before);
    }
}
