package io.openova.catalyst.projector;

import static io.openova.catalyst.projector.TestEvents.DEV;
import static io.openova.catalyst.projector.TestEvents.T0;
import static io.openova.catalyst.projector.TestEvents.publish;
import static io.openova.catalyst.projector.TestEvents.publishAll;
import static io.openova.catalyst.projector.TestEvents.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.ForwardingEventSpine;
import io.openova.catalyst.spine.MessageListener;
import io.openova.catalyst.spine.Subscription;
import io.openova.catalyst.spine.embedded.EmbeddedEventSpine;
import io.openova.catalyst.spine.embedded.EmbeddedKeyValueStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared hub per Environment: one follow and one rendering for all its subscribers, exact hand-over by sequence. */
class FanoutHubTest {

    private static final Duration QUIET = Duration.ofMinutes(1);

    private final EmbeddedEventSpine embedded = EmbeddedEventSpine.inMemory();
    private final CountingSpine spine = new CountingSpine(embedded);
    private final EmbeddedKeyValueStore kv = EmbeddedKeyValueStore.inMemory();
    private final ReadModelStore store = new ReadModelStore(kv);
    private final Projection projection = Projection.defaults();
    private final ManualClock clock = new ManualClock(T0);
    private final List<Fanout<RecordingSink.Frame>> fanouts = new ArrayList<>();

    @AfterEach
    void close() {
        fanouts.forEach(Fanout::close);
        embedded.close();
        kv.close();
    }

    private Fanout<RecordingSink.Frame> fanout(int window) {
        Fanout<RecordingSink.Frame> fanout =
                new Fanout<>(spine, store, projection, clock, QUIET, RecordingSink.RENDERER, window);
        fanouts.add(fanout);
        return fanout;
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5));
    }

    private static List<CatalystEvent> installs(int from, int count) {
        List<CatalystEvent> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            events.add(requested("op-" + i, "app-" + i, "install", i % 600));
        }
        return events;
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void shouldSendEveryEventOnceAndInOrderToTwoSubscribersThroughOneFollow() {
        // Given
        Fanout<RecordingSink.Frame> fanout = fanout(Fanout.DEFAULT_WINDOW);
        RecordingSink first = new RecordingSink();
        RecordingSink second = new RecordingSink();
        fanout.subscribe(DEV, OptionalLong.empty(), 100, first);
        fanout.subscribe(DEV, OptionalLong.empty(), 100, second);

        // When
        publishAll(spine, installs(1, 50));

        // Then
        eventually().untilAsserted(() -> {
            assertThat(first.sequences).isEqualTo(range(1, 50));
            assertThat(second.sequences).isEqualTo(range(1, 50));
        });
        assertThat(first.snapshots).containsExactly(0L);
        assertThat(second.snapshots).containsExactly(0L);
        assertThat(second.models.getLast()).isSameAs(first.models.getLast());
        assertThat(fanout.hubs()).isEqualTo(1);
        assertThat(spine.follows.get()).isEqualTo(1);
    }

    @Test
    void shouldKeepFeedingASubscriberWhileAnotherOfTheSameHubIsStuckThenDisconnectTheStuckOne() {
        // Given: the stuck subscriber stopped reading at event 2, with room for 40 frames
        Fanout<RecordingSink.Frame> fanout = fanout(Fanout.DEFAULT_WINDOW);
        RecordingSink stuck = new RecordingSink(2);
        RecordingSink reading = new RecordingSink();
        fanout.subscribe(DEV, OptionalLong.empty(), 40, stuck);
        fanout.subscribe(DEV, OptionalLong.empty(), 1000, reading);
        publishAll(spine, installs(1, 30));

        // Then: the reading one got everything while the stuck one is still subscribed
        eventually().untilAsserted(() -> assertThat(reading.sequences).isEqualTo(range(1, 30)));
        assertThat(stuck.isBlocked()).isTrue();
        assertThat(stuck.overflows).hasValue(0);
        assertThat(fanout.subscribers()).isEqualTo(2);

        // When: the stuck one's buffer fills
        publishAll(spine, installs(31, 20));

        // Then
        eventually().untilAsserted(() -> assertThat(stuck.overflows).hasValue(1));
        eventually().untilAsserted(() -> assertThat(reading.sequences).isEqualTo(range(1, 50)));
        assertThat(stuck.sequences).containsExactly(1L);
        assertThat(reading.overflows).hasValue(0);
        assertThat(fanout.subscribers()).isEqualTo(1);
    }

    @Test
    void shouldSendEveryEventOnceToSubscribersResumingMidBurstFromTheHubsWindow() throws Exception {
        assertResumingMidBurstSeesEveryEventOnce(fanout(Fanout.DEFAULT_WINDOW));
    }

    @Test
    void shouldSendEveryEventOnceToSubscribersResumingMidBurstBehindTheHubsWindow() throws Exception {
        // a window of 2 events: resuming clients catch up from the stream, then hand over to the live feed
        assertResumingMidBurstSeesEveryEventOnce(fanout(2));
    }

    private void assertResumingMidBurstSeesEveryEventOnce(Fanout<RecordingSink.Frame> fanout) throws Exception {
        // Given: a live subscriber, and a burst of events being published
        int events = 300;
        RecordingSink live = new RecordingSink();
        fanout.subscribe(DEV, OptionalLong.empty(), events, live);
        Thread burst = Thread.ofVirtual().start(() -> publishAll(spine, installs(1, events)));

        // When: clients resume mid-burst, each with an id the live one got
        List<RecordingSink> resumed = new ArrayList<>();
        List<Long> lastEventIds = new ArrayList<>();
        for (int seen : new int[] {10, 60, 120, 200}) {
            eventually().until(() -> live.sequences.size() >= seen);
            long lastEventId = live.sequences.get(seen - 5);
            RecordingSink sink = new RecordingSink();
            fanout.subscribe(DEV, OptionalLong.of(lastEventId), events, sink);
            resumed.add(sink);
            lastEventIds.add(lastEventId);
        }
        burst.join();

        // Then: each got exactly the events after its id, in order
        eventually().untilAsserted(() -> {
            assertThat(live.sequences).isEqualTo(range(1, events));
            for (int i = 0; i < resumed.size(); i++) {
                assertThat(resumed.get(i).sequences)
                        .as("resumed after %d", lastEventIds.get(i))
                        .isEqualTo(range(lastEventIds.get(i) + 1, events));
            }
        });
        resumed.forEach(sink -> {
            assertThat(sink.snapshots).isEmpty();
            assertThat(sink.overflows).hasValue(0);
        });
        assertThat(spine.follows.get()).isEqualTo(1);
    }

    @Test
    void shouldCloseTheHubAndItsFollowAfterTheLastSubscriberLeft() {
        // Given
        Fanout<RecordingSink.Frame> fanout = fanout(Fanout.DEFAULT_WINDOW);
        RecordingSink first = new RecordingSink();
        Subscription one = fanout.subscribe(DEV, OptionalLong.empty(), 10, first);
        Subscription two = fanout.subscribe(DEV, OptionalLong.empty(), 10, new RecordingSink());
        publish(spine, requested("op-1", "web", "install", 0));
        eventually().untilAsserted(() -> assertThat(first.sequences).containsExactly(1L));
        one.close();
        assertThat(fanout.hubs()).isEqualTo(1);
        assertThat(spine.openFollows.get()).isEqualTo(1);

        // When
        two.close();

        // Then
        assertThat(fanout.hubs()).isZero();
        assertThat(fanout.subscribers()).isZero();
        eventually().untilAsserted(() -> assertThat(spine.openFollows).hasValue(0));
        assertThat(first.overflows).hasValue(0);
    }

    @Test
    void shouldOpenAFreshHubForASubscriberAfterTheLastOneLeft() {
        // Given: the hub closed with its only subscriber; an event came meanwhile
        Fanout<RecordingSink.Frame> fanout = fanout(Fanout.DEFAULT_WINDOW);
        RecordingSink gone = new RecordingSink();
        Subscription subscription = fanout.subscribe(DEV, OptionalLong.empty(), 10, gone);
        publish(spine, requested("op-1", "web", "install", 0));
        eventually().untilAsserted(() -> assertThat(gone.sequences).containsExactly(1L));
        subscription.close();
        publish(spine, requested("op-2", "api", "install", 1));
        RecordingSink back = new RecordingSink();

        // When
        fanout.subscribe(DEV, OptionalLong.of(1), 10, back);
        publish(spine, requested("op-3", "db", "install", 2));

        // Then
        eventually().untilAsserted(() -> assertThat(back.sequences).containsExactly(2L, 3L));
        assertThat(gone.sequences).containsExactly(1L);
        assertThat(fanout.hubs()).isEqualTo(1);
        assertThat(spine.follows.get()).isEqualTo(2);
    }

    /** The embedded spine, counting the follows opened and still open. */
    private static final class CountingSpine extends ForwardingEventSpine {
        final AtomicInteger follows = new AtomicInteger();
        final AtomicInteger openFollows = new AtomicInteger();

        CountingSpine(EventSpine delegate) {
            super(delegate);
        }

        @Override
        public Subscription follow(String organization, long afterSequence, String filter, MessageListener listener) {
            Subscription follow = super.follow(organization, afterSequence, filter, listener);
            follows.incrementAndGet();
            openFollows.incrementAndGet();
            java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
            return () -> {
                if (closed.compareAndSet(false, true)) {
                    follow.close();
                    openFollows.decrementAndGet();
                }
            };
        }
    }
}
