package io.openova.catalyst.projector;

import static io.openova.catalyst.projector.TestEvents.ACME;
import static io.openova.catalyst.projector.TestEvents.DEV;
import static io.openova.catalyst.projector.TestEvents.PROD;
import static io.openova.catalyst.projector.TestEvents.T0;
import static io.openova.catalyst.projector.TestEvents.fold;
import static io.openova.catalyst.projector.TestEvents.installToReady;
import static io.openova.catalyst.projector.TestEvents.publish;
import static io.openova.catalyst.projector.TestEvents.publishAll;
import static io.openova.catalyst.projector.TestEvents.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.spine.Subscription;
import io.openova.catalyst.spine.embedded.EmbeddedEventSpine;
import io.openova.catalyst.spine.embedded.EmbeddedKeyValueStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanoutTest {

    private static final Duration QUIET = Duration.ofMinutes(1);

    private final EmbeddedEventSpine spine = EmbeddedEventSpine.inMemory();
    private final EmbeddedKeyValueStore kv = EmbeddedKeyValueStore.inMemory();
    private final ReadModelStore store = new ReadModelStore(kv);
    private final Projection projection = Projection.defaults();
    private final ManualClock clock = new ManualClock(T0);
    private final Projector projector = new Projector(spine, store, projection, clock);
    private final List<Fanout<RecordingSink.Frame>> fanouts = new ArrayList<>();

    @AfterEach
    void close() {
        fanouts.forEach(Fanout::close);
        projector.close();
        spine.close();
        kv.close();
    }

    private Fanout<RecordingSink.Frame> fanout(Duration heartbeatInterval) {
        Fanout<RecordingSink.Frame> fanout =
                new Fanout<>(spine, store, projection, clock, heartbeatInterval, RecordingSink.RENDERER);
        fanouts.add(fanout);
        return fanout;
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10));
    }

    private void awaitProjected(long sequence) {
        eventually().untilAsserted(() -> assertThat(
                        store.get(DEV).map(EnvironmentReadModel::lastSequence).orElse(0L))
                .isEqualTo(sequence));
    }

    /** {@code count} installs of app-1, app-2... each its own operation. */
    private static List<CatalystEvent> installs(int from, int count) {
        List<CatalystEvent> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            events.add(requested("op-" + i, "app-" + i, "install", i));
        }
        return events;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void shouldSendTheStoredModelAsASnapshotThenTheLaterEvents() {
        // Given
        projector.start(ACME);
        publishAll(spine, installToReady().subList(0, 3));
        awaitProjected(3);
        RecordingSink sink = new RecordingSink();

        // When
        fanout(QUIET).subscribe(DEV, OptionalLong.empty(), 16, sink);
        publishAll(spine, installToReady().subList(3, 5));

        // Then
        eventually().untilAsserted(() -> assertThat(sink.sequences).containsExactly(4L, 5L));
        assertThat(sink.snapshots).containsExactly(3L);
        assertThat(sink.snapshotModels
                        .getFirst()
                        .application("web")
                        .orElseThrow()
                        .phase())
                .isEqualTo(ApplicationPhase.COMMITTED);
        assertThat(sink.models.getLast()).isEqualTo(fold(projection, installToReady()));
    }

    @Test
    void shouldResumeAfterTheLastEventIdWithNothingMissedAndNothingRepeated() {
        // Given: the client saw events 1 and 2; the projector is further along
        projector.start(ACME);
        publishAll(spine, installToReady().subList(0, 4));
        awaitProjected(4);
        RecordingSink sink = new RecordingSink();

        // When
        fanout(QUIET).subscribe(DEV, OptionalLong.of(2), 16, sink);
        publish(spine, installToReady().get(4));

        // Then
        eventually().untilAsserted(() -> assertThat(sink.sequences).containsExactly(3L, 4L, 5L));
        assertThat(sink.snapshots).isEmpty();
        assertThat(sink.models.getLast()).isEqualTo(fold(projection, installToReady()));
    }

    @Test
    void shouldResumeWhenTheStoredModelIsBehindTheLastEventId() {
        // Given: no projector ran, so the stored model is empty; the client saw events 1 to 3
        publishAll(spine, installToReady().subList(0, 4));
        RecordingSink sink = new RecordingSink();

        // When
        fanout(QUIET).subscribe(DEV, OptionalLong.of(3), 16, sink);
        publish(spine, installToReady().get(4));

        // Then
        eventually().untilAsserted(() -> assertThat(sink.sequences).containsExactly(4L, 5L));
        assertThat(sink.models.getLast()).isEqualTo(fold(projection, installToReady()));
    }

    @Test
    void shouldSendOnlyTheEventsOfTheSubscribedEnvironmentWithTheirStreamSequences() {
        // Given
        RecordingSink sink = new RecordingSink();
        fanout(QUIET).subscribe(DEV, OptionalLong.empty(), 16, sink);

        // When
        publish(spine, requested("op-1", "web", "install", 0));
        publish(spine, new ApplicationEvent.Requested(TestEvents.meta(PROD, "op-2", null, 1), "api", "install"));
        publish(spine, requested("op-3", "db", "install", 2));

        // Then
        eventually().untilAsserted(() -> assertThat(sink.sequences).containsExactly(1L, 3L));
        assertThat(sink.snapshots).containsExactly(0L);
    }

    @Test
    void shouldDisconnectABlockedSubscriberWhileAnotherKeepsReceivingEverything() {
        // Given: two live subscribers; the slow one is blocked in event 2 (the fast one's buffer holds any burst)
        Fanout<RecordingSink.Frame> fanout = fanout(QUIET);
        RecordingSink slow = new RecordingSink(2);
        RecordingSink fast = new RecordingSink();
        fanout.subscribe(DEV, OptionalLong.empty(), 4, slow);
        fanout.subscribe(DEV, OptionalLong.empty(), 100, fast);
        publish(spine, requested("op-1", "app-1", "install", 1));
        // once event 1 arrived, catching up is over: event 2 comes live, through the buffer
        eventually().untilAsserted(() -> {
            assertThat(slow.sequences).containsExactly(1L);
            assertThat(fast.sequences).containsExactly(1L);
        });
        publish(spine, requested("op-2", "app-2", "install", 2));
        eventually().untilAsserted(() -> {
            assertThat(slow.isBlocked()).isTrue();
            assertThat(fast.sequences).containsExactly(1L, 2L);
        });

        // When
        publishAll(spine, installs(3, 28));

        // Then
        eventually().untilAsserted(() -> assertThat(slow.overflows).hasValue(1));
        eventually().untilAsserted(() -> assertThat(fast.sequences).isEqualTo(range(1, 30)));
        assertThat(slow.sequences).containsExactly(1L);
        assertThat(fast.overflows).hasValue(0);
        eventually().untilAsserted(() -> assertThat(fanout.subscribers()).isEqualTo(1));
    }

    @Test
    void shouldLoseNothingWhenAnOverflowedClientReconnectsWithItsLastEventId() {
        // Given: a subscriber blocked in event 2 overflowed, having got event 1
        Fanout<RecordingSink.Frame> fanout = fanout(QUIET);
        RecordingSink slow = new RecordingSink(2);
        fanout.subscribe(DEV, OptionalLong.empty(), 2, slow);
        publish(spine, requested("op-1", "app-1", "install", 1));
        eventually().untilAsserted(() -> assertThat(slow.sequences).containsExactly(1L));
        publish(spine, requested("op-2", "app-2", "install", 2));
        eventually().untilAsserted(() -> assertThat(slow.isBlocked()).isTrue());
        publishAll(spine, installs(3, 18));
        eventually().untilAsserted(() -> assertThat(slow.overflows).hasValue(1));
        RecordingSink reconnected = new RecordingSink();

        // When
        fanout.subscribe(DEV, OptionalLong.of(slow.sequences.getLast()), 2, reconnected);

        // Then
        eventually().untilAsserted(() -> assertThat(reconnected.sequences).isEqualTo(range(2, 20)));
        List<Long> seen = new ArrayList<>(slow.sequences);
        seen.addAll(reconnected.sequences);
        assertThat(seen).isEqualTo(range(1, 20));
        assertThat(reconnected.overflows).hasValue(0);
    }

    @Test
    void shouldSendHeartbeatsWhileNothingHappens() {
        // Given
        RecordingSink sink = new RecordingSink();

        // When
        fanout(Duration.ofMillis(20)).subscribe(DEV, OptionalLong.empty(), 4, sink);

        // Then
        eventually().untilAsserted(() -> assertThat(sink.heartbeats).hasValueGreaterThanOrEqualTo(3));
        assertThat(sink.sequences).isEmpty();
    }

    @Test
    void shouldSendOperationsThatTimedOut() {
        // Given
        RecordingSink sink = new RecordingSink();
        fanout(Duration.ofMillis(20)).subscribe(DEV, OptionalLong.empty(), 4, sink);
        publish(spine, requested("op-1", "web", "install", 0));
        eventually().untilAsserted(() -> assertThat(sink.sequences).containsExactly(1L));

        // When
        clock.advance(Duration.ofMinutes(10));

        // Then
        eventually().untilAsserted(() -> assertThat(sink.expired)
                .extracting(OperationView::operationId, OperationView::state)
                .containsExactly(tuple("op-1", OperationState.TIMED_OUT)));
    }

    @Test
    void shouldResendTimedOutOperationsToAResumingClient() {
        // Given: op-1 timed out while the client was away
        projector.start(ACME);
        publishAll(spine, installs(1, 2));
        awaitProjected(2);
        clock.advance(Duration.ofMinutes(11));
        RecordingSink sink = new RecordingSink();

        // When
        fanout(QUIET).subscribe(DEV, OptionalLong.of(2), 4, sink);

        // Then
        eventually().untilAsserted(() -> assertThat(sink.expired)
                .extracting(OperationView::operationId)
                .containsExactly("op-1", "op-2"));
        assertThat(sink.snapshots).isEmpty();
    }

    @Test
    void shouldSendASnapshotWhenTheLastEventIdIsBeyondTheStream() {
        // Given
        publish(spine, requested("op-1", "web", "install", 0));
        RecordingSink sink = new RecordingSink();

        // When
        fanout(QUIET).subscribe(DEV, OptionalLong.of(99), 4, sink);

        // Then
        eventually().untilAsserted(() -> assertThat(sink.sequences).containsExactly(1L));
        assertThat(sink.snapshots).containsExactly(0L);
    }

    @Test
    void shouldCallTheSinkNoMoreOnceClosed() {
        // Given
        Fanout<RecordingSink.Frame> fanout = fanout(QUIET);
        RecordingSink sink = new RecordingSink();
        Subscription subscription = fanout.subscribe(DEV, OptionalLong.empty(), 4, sink);
        publish(spine, requested("op-1", "web", "install", 0));
        eventually().untilAsserted(() -> assertThat(sink.sequences).containsExactly(1L));

        // When
        subscription.close();
        publish(spine, requested("op-2", "api", "install", 1));
        RecordingSink witness = new RecordingSink();
        fanout.subscribe(DEV, OptionalLong.of(1), 4, witness);

        // Then: by the time another subscriber got event 2, the closed one would have too
        eventually().untilAsserted(() -> assertThat(witness.sequences).containsExactly(2L));
        assertThat(sink.sequences).containsExactly(1L);
        assertThat(sink.overflows).hasValue(0);
        assertThat(fanout.subscribers()).isEqualTo(1);
    }

    @Test
    void shouldRejectABufferLimitBelowOne() {
        // Given
        Fanout<RecordingSink.Frame> fanout = fanout(QUIET);

        // When
        Throwable thrown = catchThrowable(() -> fanout.subscribe(DEV, OptionalLong.empty(), 0, new RecordingSink()));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer limit");
    }
}
