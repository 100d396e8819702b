package io.openova.catalyst.spine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link EventSpine} adapter shares; each adapter's test extends this class. Tests use the
 * Organizations {@code acme} and {@code globex}, whose streams are empty when a test starts.
 */
public abstract class EventSpineContract {

    protected static final String ACME = "acme";
    protected static final String GLOBEX = "globex";
    protected static final String ALL_ACME = "catalyst.acme.>";
    protected static final String CREATED = "catalyst.acme.dev.application.created";
    protected static final Duration SHORT_ACK_WAIT = Duration.ofSeconds(1);
    protected static final Duration PATIENCE = Duration.ofSeconds(20);

    /**
     * A new adapter instance on this test's storage: empty on the first call of a test, holding what earlier instances
     * of the same test stored on later calls. The subclass closes whatever is still open after the test.
     */
    protected abstract EventSpine openSpine();

    /** Stops {@code spine} the way a process stop would: the next {@link #openSpine()} is a restart. */
    protected abstract void stop(EventSpine spine);

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(SpineMessage message) {
        return new String(message.payload(), StandardCharsets.UTF_8);
    }

    private static List<Long> sequences(List<SpineMessage> messages) {
        return messages.stream().map(SpineMessage::sequence).toList();
    }

    private static void publishNumbered(EventSpine spine, String organization, int count) {
        for (int i = 1; i <= count; i++) {
            spine.publish("catalyst." + organization + ".dev.application.created", "event-" + i, bytes("payload-" + i));
        }
    }

    /** Records what a durable consumer receives as "sequence#deliveryCount". */
    private static final class Recorder implements DeliveryHandler {
        final List<String> deliveries = new CopyOnWriteArrayList<>();

        @Override
        public void onDelivery(Delivery delivery) {
            deliveries.add(delivery.message().sequence() + "#" + delivery.deliveryCount());
            delivery.ack();
        }
    }

    @Test
    void shouldNumberMessagesOneTwoThreeWhenPublishingToAnOrganization() {
        // Given
        EventSpine spine = openSpine();

        // When
        List<PublishAck> acks = IntStream.rangeClosed(1, 3)
                .mapToObj(i -> spine.publish(CREATED, "commit-" + i, bytes("event " + i)))
                .toList();

        // Then
        assertThat(acks)
                .containsExactly(
                        new PublishAck(ACME, 1, false), new PublishAck(ACME, 2, false), new PublishAck(ACME, 3, false));
        assertThat(spine.lastSequence(ACME)).isEqualTo(3);
    }

    @Test
    void shouldReturnTheFirstSequenceAndStoreNothingWhenADedupeIdIsPublishedAgain() {
        // Given
        EventSpine spine = openSpine();
        spine.publish(CREATED, "commit-a", bytes("first"));
        spine.publish(CREATED, "commit-b", bytes("second"));

        // When
        PublishAck ack = spine.publish(CREATED, "commit-a", bytes("retried"));

        // Then
        assertThat(ack).isEqualTo(new PublishAck(ACME, 1, true));
        assertThat(spine.lastSequence(ACME)).isEqualTo(2);
        assertThat(spine.read(ACME, 0, ALL_ACME, 10))
                .extracting(EventSpineContract::text)
                .containsExactly("first", "second");
    }

    @Test
    void shouldCountSequencesPerOrganizationWhenTwoOrganizationsPublish() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 2);

        // When
        PublishAck ack = spine.publish("catalyst.globex.prod.application.created", "event-1", bytes("globex"));

        // Then
        assertThat(ack).isEqualTo(new PublishAck(GLOBEX, 1, false));
        assertThat(spine.read(GLOBEX, 0, "catalyst.globex.>", 10))
                .extracting(SpineMessage::subject)
                .containsExactly("catalyst.globex.prod.application.created");
        assertThat(spine.lastSequence(ACME)).isEqualTo(2);
    }

    @Test
    void shouldKeepSubjectDedupeIdHeadersAndPayloadWhenReadBack() {
        // Given
        EventSpine spine = openSpine();
        byte[] payload = {0, 1, (byte) 0xff, '{', '}', (byte) 0xc3, (byte) 0xa9};
        Map<String, String> headers = Map.of("content-type", "application/json", "Catalyst-Request-Id", "req-42");
        spine.publish("catalyst.acme.dev.application.db.ready", "3f9c2e1", headers, payload);

        // When
        List<SpineMessage> messages = spine.read(ACME, 0, ALL_ACME, 10);

        // Then
        assertThat(messages).hasSize(1);
        SpineMessage message = messages.getFirst();
        assertThat(message.subject()).isEqualTo("catalyst.acme.dev.application.db.ready");
        assertThat(message.organization()).isEqualTo(ACME);
        assertThat(message.sequence()).isEqualTo(1);
        assertThat(message.dedupeId()).isEqualTo("3f9c2e1");
        assertThat(message.headers()).containsExactlyEntriesOf(new TreeMap<>(headers));
        assertThat(message.payload()).containsExactly(payload);
        assertThat(message.published()).isNotNull();
    }

    @Test
    void shouldReadOnlyMessagesAfterTheGivenSequence() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 5);

        // When
        List<SpineMessage> afterTwo = spine.read(ACME, 2, ALL_ACME, 100);

        // Then
        assertThat(sequences(afterTwo)).containsExactly(3L, 4L, 5L);
        assertThat(afterTwo)
                .extracting(EventSpineContract::text)
                .containsExactly("payload-3", "payload-4", "payload-5");
        assertThat(spine.read(ACME, 0, ALL_ACME, 100)).hasSize(5);
        assertThat(spine.read(ACME, 5, ALL_ACME, 100)).isEmpty();
    }

    @Test
    void shouldStopAtMaxWhenReading() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 5);

        // When
        List<SpineMessage> page = spine.read(ACME, 1, ALL_ACME, 2);

        // Then
        assertThat(sequences(page)).containsExactly(2L, 3L);
    }

    @Test
    void shouldReadOnlyMatchingSubjectsWhenTheFilterHasWildcards() {
        // Given
        EventSpine spine = openSpine();
        spine.publish("catalyst.acme.dev.application.created", "1", bytes("1"));
        spine.publish("catalyst.acme.dev.application.deleted", "2", bytes("2"));
        spine.publish("catalyst.acme.prod.application.created", "3", bytes("3"));
        spine.publish("catalyst.acme.dev.billing.metered", "4", bytes("4"));
        spine.publish("catalyst.acme.dev.application.db.ready", "5", bytes("5"));

        // When
        List<SpineMessage> createdAnywhere = spine.read(ACME, 0, "catalyst.acme.*.application.created", 100);
        List<SpineMessage> dev = spine.read(ACME, 0, "catalyst.acme.dev.>", 100);
        List<SpineMessage> devApplicationOneToken = spine.read(ACME, 0, "catalyst.acme.dev.application.*", 100);

        // Then
        assertThat(sequences(createdAnywhere)).containsExactly(1L, 3L);
        assertThat(sequences(dev)).containsExactly(1L, 2L, 4L, 5L);
        assertThat(sequences(devApplicationOneToken)).containsExactly(1L, 2L);
    }

    @Test
    void shouldReturnZeroAsLastSequenceWhenTheOrganizationNeverPublished() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 1);

        // When
        long last = spine.lastSequence(GLOBEX);

        // Then
        assertThat(last).isZero();
        assertThat(spine.read(GLOBEX, 0, "catalyst.globex.>", 10)).isEmpty();
    }

    @Test
    void shouldKeepMessagesAndDedupeIdsWhenRestarted() {
        // Given
        EventSpine first = openSpine();
        first.publish(CREATED, "commit-a", bytes("a"));
        first.publish(CREATED, "commit-b", bytes("b"));
        stop(first);
        EventSpine restarted = openSpine();

        // When
        PublishAck retried = restarted.publish(CREATED, "commit-a", bytes("a again"));
        PublishAck next = restarted.publish(CREATED, "commit-c", bytes("c"));

        // Then
        assertThat(retried).isEqualTo(new PublishAck(ACME, 1, true));
        assertThat(next).isEqualTo(new PublishAck(ACME, 3, false));
        assertThat(restarted.read(ACME, 0, ALL_ACME, 10))
                .extracting(SpineMessage::dedupeId)
                .containsExactly("commit-a", "commit-b", "commit-c");
    }

    @Test
    void shouldHandOutDistinctGaplessSequencesWhenPublishingConcurrently() throws Exception {
        // Given
        EventSpine spine = openSpine();
        int threads = 8;
        int perThread = 50;

        // When
        List<Future<List<PublishAck>>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(executor.submit(() -> IntStream.range(0, perThread)
                        .mapToObj(i -> spine.publish(CREATED, "t" + thread + "-m" + i, bytes(thread + ":" + i)))
                        .toList()));
            }
        }

        // Then
        List<Long> sequences = new ArrayList<>();
        for (Future<List<PublishAck>> result : results) {
            result.get().forEach(ack -> {
                assertThat(ack.duplicate()).isFalse();
                sequences.add(ack.sequence());
            });
        }
        assertThat(sequences)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, (long) threads * perThread)
                        .boxed()
                        .toList());
        assertThat(spine.lastSequence(ACME)).isEqualTo((long) threads * perThread);
        List<SpineMessage> stored = spine.read(ACME, 0, ALL_ACME, EventSpine.MAX_READ);
        assertThat(sequences(stored))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, (long) threads * perThread)
                        .boxed()
                        .toList());
        assertThat(stored).extracting(SpineMessage::dedupeId).doesNotHaveDuplicates();
    }

    @Test
    void shouldStoreEachDedupeIdOnceWhenPublishersRaceWithTheSameIds() throws Exception {
        // Given: every thread publishes the same 40 dedupe ids, each with the payload of the id
        EventSpine spine = openSpine();
        int threads = 6;
        int ids = 40;

        // When
        List<Future<List<PublishAck>>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                results.add(executor.submit(() -> IntStream.range(0, ids)
                        .mapToObj(i -> spine.publish(CREATED, "same-" + i, bytes("payload-" + i)))
                        .toList()));
            }
        }

        // Then: one message per id, and every publisher of an id got its sequence
        List<SpineMessage> stored = spine.read(ACME, 0, ALL_ACME, EventSpine.MAX_READ);
        assertThat(stored).hasSize(ids);
        assertThat(stored).extracting(SpineMessage::dedupeId).doesNotHaveDuplicates();
        Map<String, Long> sequenceOf = new HashMap<>();
        stored.forEach(message -> sequenceOf.put(message.dedupeId(), message.sequence()));
        int firsts = 0;
        for (Future<List<PublishAck>> result : results) {
            List<PublishAck> acks = result.get();
            for (int i = 0; i < ids; i++) {
                assertThat(acks.get(i).sequence()).isEqualTo(sequenceOf.get("same-" + i));
                firsts += acks.get(i).duplicate() ? 0 : 1;
            }
        }
        assertThat(firsts).isEqualTo(ids);
        assertThat(spine.lastSequence(ACME)).isEqualTo(ids);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "catalyst",
                "catalyst.acme.dev",
                "events.acme.dev.created",
                "catalyst.Acme.dev.created",
                "catalyst.acme.dev.app_created",
                "catalyst.acme..created",
                "catalyst.acme.dev.*",
                "catalyst.acme.dev.>",
                "catalyst.-acme.dev.created",
                " catalyst.acme.dev.created"
            })
    void shouldRejectAnInvalidSubjectNamingIt(String subject) {
        // Given
        EventSpine spine = openSpine();

        // When
        Throwable thrown = catchThrowable(() -> spine.publish(subject, "commit-1", bytes("x")));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid subject '" + subject + "': ");
        assertThat(spine.lastSequence(ACME)).isZero();
    }

    @Test
    void shouldRejectANullPayload() {
        // Given
        EventSpine spine = openSpine();

        // When
        Throwable thrown = catchThrowable(() -> spine.publish(CREATED, "commit-1", null));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payload must not be null (use an empty array for no content)");
        assertThat(spine.lastSequence(ACME)).isZero();
    }

    @Test
    void shouldRejectAPayloadOverTheLimit() {
        // Given
        EventSpine spine = openSpine();

        // When
        Throwable thrown =
                catchThrowable(() -> spine.publish(CREATED, "commit-1", new byte[Names.MAX_PAYLOAD_BYTES + 1]));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payload holds 1000001 bytes, at most 1000000 allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "commit 1", "commit\n1"})
    void shouldRejectAnInvalidDedupeId(String dedupeId) {
        // Given
        EventSpine spine = openSpine();

        // When
        Throwable thrown = catchThrowable(() -> spine.publish(CREATED, dedupeId, bytes("x")));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid dedupe id '")
                .hasMessageEndingWith("expected 1 to 128 visible ASCII characters without spaces");
    }

    @Test
    void shouldRejectAMissingDedupeId() {
        // Given
        EventSpine spine = openSpine();

        // When
        Throwable thrown = catchThrowable(() -> spine.publish(CREATED, null, bytes("x")));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessage("dedupe id must not be null");
    }

    @Test
    void shouldRejectAHeaderReservedForNats() {
        // Given
        EventSpine spine = openSpine();

        // When
        Throwable thrown =
                catchThrowable(() -> spine.publish(CREATED, "commit-1", Map.of("Nats-Msg-Id", "other"), bytes("x")));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("header name 'Nats-Msg-Id' is reserved");
    }

    @Test
    void shouldRejectAFilterOnAnotherOrganization() {
        // Given
        EventSpine spine = openSpine();

        // When
        Throwable thrown = catchThrowable(() -> spine.read(ACME, 0, "catalyst.globex.>", 10));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid filter 'catalyst.globex.>': its second token must be the Organization 'acme'"
                        + " itself: a filter reads one Organization's stream");
    }

    @ParameterizedTest
    @ValueSource(strings = {"catalyst.acme.>.created", "catalyst.*.>", "catalyst.acme.Dev.>", "catalyst.acme"})
    void shouldRejectAnInvalidFilterNamingIt(String filter) {
        // Given
        EventSpine spine = openSpine();

        // When
        Throwable thrown = catchThrowable(() -> spine.follow(ACME, 0, filter, message -> {}));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid filter '" + filter + "': ");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, EventSpine.MAX_READ + 1})
    void shouldRejectAReadMaxOutOfRange(int max) {
        // Given
        EventSpine spine = openSpine();

        // When
        Throwable thrown = catchThrowable(() -> spine.read(ACME, 0, ALL_ACME, max));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max must be between 1 and 1000, was " + max);
    }

    @Test
    void shouldDeliverEveryMessageOnceInOrderWhenEachIsAcknowledged() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 5);
        Recorder recorder = new Recorder();

        // When
        Subscription subscription = spine.subscribe(DurableConsumer.of(ACME, "projector", ALL_ACME), recorder);
        try {
            await().atMost(PATIENCE).until(() -> recorder.deliveries.size() >= 5);
            spine.publish(CREATED, "event-6", bytes("payload-6"));

            // Then
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(recorder.deliveries)
                    .containsExactly("1#1", "2#1", "3#1", "4#1", "5#1", "6#1"));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldDeliverTheSameMessageAgainAtOnceWhenNaked() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 2);
        List<String> deliveries = new CopyOnWriteArrayList<>();
        DeliveryHandler nakFirstDelivery = delivery -> {
            deliveries.add(delivery.message().sequence() + "#" + delivery.deliveryCount());
            if (delivery.deliveryCount() == 1 && delivery.message().sequence() == 1) {
                delivery.nak();
            } else {
                delivery.ack();
            }
        };

        // When: the ack wait is far longer than the test may wait, so only the nak can bring message 1 back
        Subscription subscription = spine.subscribe(
                new DurableConsumer(ACME, "projector", ALL_ACME, Duration.ofMinutes(5)), nakFirstDelivery);
        try {
            // Then
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries).containsExactly("1#1", "1#2", "2#1"));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldDeliverAgainAfterTheAckWaitWhenNotAcknowledged() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 2);
        List<String> deliveries = new CopyOnWriteArrayList<>();
        DeliveryHandler ignoreFirstDelivery = delivery -> {
            deliveries.add(delivery.message().sequence() + "#" + delivery.deliveryCount());
            if (delivery.deliveryCount() > 1 || delivery.message().sequence() != 1) {
                delivery.ack();
            }
        };

        // When
        Subscription subscription =
                spine.subscribe(new DurableConsumer(ACME, "projector", ALL_ACME, SHORT_ACK_WAIT), ignoreFirstDelivery);
        try {
            // Then
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries).containsExactly("1#1", "1#2", "2#1"));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldDeliverAgainAfterTheAckWaitWhenTheHandlerThrows() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 1);
        List<String> deliveries = new CopyOnWriteArrayList<>();
        DeliveryHandler failFirstDelivery = delivery -> {
            deliveries.add(delivery.message().sequence() + "#" + delivery.deliveryCount());
            if (delivery.deliveryCount() == 1) {
                throw new IllegalStateException("projection failed");
            }
            delivery.ack();
        };

        // When
        Subscription subscription =
                spine.subscribe(new DurableConsumer(ACME, "projector", ALL_ACME, SHORT_ACK_WAIT), failFirstDelivery);
        try {
            // Then
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries).containsExactly("1#1", "1#2"));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldDeliverOnlyMatchingSubjectsToAFilteredConsumer() {
        // Given
        EventSpine spine = openSpine();
        spine.publish("catalyst.acme.dev.application.created", "1", bytes("1"));
        spine.publish("catalyst.acme.prod.application.created", "2", bytes("2"));
        spine.publish("catalyst.acme.dev.application.deleted", "3", bytes("3"));
        Recorder recorder = new Recorder();

        // When
        Subscription subscription =
                spine.subscribe(DurableConsumer.of(ACME, "dev-projector", "catalyst.acme.dev.>"), recorder);
        try {
            // Then
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(recorder.deliveries).containsExactly("1#1", "3#1"));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldResumeAfterTheLastAcknowledgedMessageWhenRestarted() {
        // Given: messages 1 and 2 acknowledged, 3 delivered but not acknowledged when the process stops
        EventSpine first = openSpine();
        publishNumbered(first, ACME, 4);
        DurableConsumer consumer = new DurableConsumer(ACME, "projector", ALL_ACME, SHORT_ACK_WAIT);
        List<Long> beforeStop = new CopyOnWriteArrayList<>();
        Subscription beforeRestart = first.subscribe(consumer, delivery -> {
            beforeStop.add(delivery.message().sequence());
            if (delivery.message().sequence() < 3) {
                delivery.ack();
            }
        });
        await().atMost(PATIENCE).until(() -> beforeStop.contains(3L));
        beforeRestart.close();
        stop(first);

        // When
        EventSpine restarted = openSpine();
        restarted.publish(CREATED, "event-5", bytes("payload-5"));
        List<Long> afterRestart = new CopyOnWriteArrayList<>();
        Subscription subscription = restarted.subscribe(consumer, delivery -> {
            afterRestart.add(delivery.message().sequence());
            delivery.ack();
        });
        try {
            // Then
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(afterRestart).containsExactly(3L, 4L, 5L));
        } finally {
            subscription.close();
        }
        assertThat(beforeStop).startsWith(1L, 2L, 3L);
    }

    @Test
    void shouldRefuseAnotherFilterForAnExistingConsumer() {
        // Given
        EventSpine spine = openSpine();
        spine.subscribe(DurableConsumer.of(ACME, "projector", ALL_ACME), new Recorder())
                .close();

        // When
        Throwable thrown = catchThrowable(
                () -> spine.subscribe(DurableConsumer.of(ACME, "projector", "catalyst.acme.dev.>"), new Recorder()));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("durable consumer 'projector' of organization 'acme' exists with filter 'catalyst.acme.>',"
                        + " not 'catalyst.acme.dev.>': delete the consumer to change its filter");
    }

    @Test
    void shouldStartAgainAtTheFirstMessageWhenTheConsumerWasDeleted() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 2);
        DurableConsumer consumer = DurableConsumer.of(ACME, "projector", ALL_ACME);
        Recorder first = new Recorder();
        Subscription beforeDelete = spine.subscribe(consumer, first);
        try {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(first.deliveries).containsExactly("1#1", "2#1"));
        } finally {
            beforeDelete.close();
        }

        // When
        boolean deleted = spine.deleteConsumer(ACME, "projector");

        // Then
        assertThat(deleted).isTrue();
        assertThat(spine.deleteConsumer(ACME, "projector")).isFalse();
        Recorder second = new Recorder();
        Subscription subscription = spine.subscribe(consumer, second);
        try {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(second.deliveries).containsExactly("1#1", "2#1"));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldDeliverStoredThenNewMessagesAfterTheGivenSequenceWhenFollowing() {
        // Given
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 3);
        List<Long> received = new CopyOnWriteArrayList<>();

        // When
        Subscription subscription = spine.follow(ACME, 1, ALL_ACME, message -> received.add(message.sequence()));
        try {
            await().atMost(PATIENCE).until(() -> received.size() >= 2);
            spine.publish(CREATED, "event-4", bytes("payload-4"));
            spine.publish(CREATED, "event-5", bytes("payload-5"));

            // Then
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(received).containsExactly(2L, 3L, 4L, 5L));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldDeliverOnlyMessagesPastTheGivenSequenceWhenFollowingBeyondTheEnd() {
        // Given: a client resumes after sequence 3 of a stream that has only 1 message so far
        EventSpine spine = openSpine();
        publishNumbered(spine, ACME, 1);
        List<Long> received = new CopyOnWriteArrayList<>();
        Subscription subscription = spine.follow(ACME, 3, ALL_ACME, message -> received.add(message.sequence()));

        // When
        try {
            for (int i = 2; i <= 5; i++) {
                spine.publish(CREATED, "event-" + i, bytes("payload-" + i));
            }

            // Then
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(received).containsExactly(4L, 5L));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldDeliverOnlyMatchingMessagesWhenFollowingWithAFilter() {
        // Given
        EventSpine spine = openSpine();
        List<String> received = new CopyOnWriteArrayList<>();

        // When
        Subscription subscription = spine.follow(
                ACME, 0, "catalyst.acme.dev.>", message -> received.add(message.sequence() + " " + text(message)));
        try {
            spine.publish("catalyst.acme.dev.application.created", "1", bytes("dev created"));
            spine.publish("catalyst.acme.prod.application.created", "2", bytes("prod created"));
            spine.publish("catalyst.acme.dev.application.deleted", "3", bytes("dev deleted"));

            // Then
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(received).containsExactly("1 dev created", "3 dev deleted"));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldStopDeliveringWhenTheFollowIsClosed() {
        // Given
        EventSpine spine = openSpine();
        List<Long> closedFollow = new CopyOnWriteArrayList<>();
        Subscription follow = spine.follow(ACME, 0, ALL_ACME, message -> closedFollow.add(message.sequence()));
        spine.publish(CREATED, "event-1", bytes("payload-1"));
        await().atMost(PATIENCE).until(() -> closedFollow.contains(1L));

        // When
        follow.close();
        spine.publish(CREATED, "event-2", bytes("payload-2"));

        // Then: a second follow sees message 2 arrive, the closed one never does
        List<Long> openFollow = new CopyOnWriteArrayList<>();
        Subscription subscription = spine.follow(ACME, 1, ALL_ACME, message -> openFollow.add(message.sequence()));
        try {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(openFollow).containsExactly(2L));
        } finally {
            subscription.close();
        }
        assertThat(closedFollow).containsExactly(1L);
    }

    @Test
    void shouldRejectUseWhenClosed() {
        // Given
        EventSpine spine = openSpine();
        spine.close();

        // When
        Throwable thrown = catchThrowable(() -> spine.publish(CREATED, "commit-1", bytes("x")));

        // Then
        assertThat(thrown).isInstanceOf(SpineException.class).hasMessageContaining("the event spine is closed");
    }
}
