package io.openova.catalyst.spine.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openova.catalyst.spine.DurableConsumer;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.EventSpineContract;
import io.openova.catalyst.spine.PublishAck;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.Subscription;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedEventSpineTest extends EventSpineContract {

    @TempDir
    Path dataDir;

    private final List<EventSpine> opened = new ArrayList<>();

    @Override
    protected EventSpine openSpine() {
        return remember(new EmbeddedEventSpine(dataDir));
    }

    @Override
    protected void stop(EventSpine spine) {
        spine.close();
    }

    private EventSpine remember(EventSpine spine) {
        opened.add(spine);
        return spine;
    }

    @AfterEach
    void closeSpines() {
        opened.forEach(EventSpine::close);
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-04-27T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldPublishAgainWhenTheDedupeIdIsOlderThanTheWindow() {
        // Given
        ManualClock clock = new ManualClock();
        EventSpine spine = remember(new EmbeddedEventSpine(dataDir, Duration.ofDays(7), clock));
        spine.publish(CREATED, "commit-a", bytes("first"));
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        PublishAck withinWindow = spine.publish(CREATED, "commit-a", bytes("retry"));
        clock.advance(Duration.ofSeconds(1));

        // When
        PublishAck afterWindow = spine.publish(CREATED, "commit-a", bytes("much later"));

        // Then
        assertThat(withinWindow).isEqualTo(new PublishAck(ACME, 1, true));
        assertThat(afterWindow).isEqualTo(new PublishAck(ACME, 2, false));
    }

    @Test
    void shouldStampMessagesWithTheClock() {
        // Given
        ManualClock clock = new ManualClock();
        EventSpine spine = remember(new EmbeddedEventSpine(dataDir, Duration.ofDays(7), clock));
        spine.publish(CREATED, "commit-a", bytes("first"));

        // When
        List<SpineMessage> messages = spine.read(ACME, 0, ALL_ACME, 1);

        // Then
        assertThat(messages).extracting(SpineMessage::published).containsExactly(clock.instant());
    }

    @Test
    void shouldRefuseASecondSubscriberOnTheSameConsumer() {
        // Given
        EventSpine spine = openSpine();
        DurableConsumer consumer = DurableConsumer.of(ACME, "projector", ALL_ACME);
        Subscription subscription = spine.subscribe(consumer, delivery -> {});
        try {
            // When
            Throwable thrown = catchThrowable(() -> spine.subscribe(consumer, delivery -> {}));

            // Then
            assertThat(thrown)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("durable consumer 'projector' of organization 'acme' already has a subscriber in this"
                            + " process: close it first");
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldStoreMessagesAndAcknowledgementsInTheDocumentedTables() throws Exception {
        // Given
        EventSpine spine = openSpine();
        spine.publish(CREATED, "commit-a", bytes("first"));
        spine.subscribe(DurableConsumer.of(ACME, "projector", ALL_ACME), delivery -> {})
                .close();

        // When
        spine.close();

        // Then
        try (Connection connection = DriverManager.getConnection(EmbeddedEventSpine.jdbcUrl(dataDir));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT (SELECT COUNT(*) FROM spine_message),"
                                + " (SELECT acked_seq FROM spine_consumer WHERE organization = 'acme' AND name = 'projector')")) {
            assertThat(rows.next()).isTrue();
            assertThat(List.of(rows.getLong(1), rows.getLong(2))).containsExactly(1L, 0L);
        }
        assertThat(dataDir.resolve(EmbeddedEventSpine.DATABASE_FILE)).isRegularFile();
    }

    @Test
    void shouldKeepInMemorySpinesApart() {
        // Given
        try (EmbeddedEventSpine first = EmbeddedEventSpine.inMemory();
                EmbeddedEventSpine second = EmbeddedEventSpine.inMemory()) {
            first.publish(CREATED, "commit-a", bytes("first"));

            // When
            PublishAck ack = second.publish(CREATED, "commit-a", bytes("second"));

            // Then
            assertThat(ack).isEqualTo(new PublishAck(ACME, 1, false));
            assertThat(first.lastSequence(ACME)).isEqualTo(1);
        }
    }

    @Test
    void shouldRejectANonPositiveDedupeWindow() {
        // When
        Throwable thrown = catchThrowable(() -> new EmbeddedEventSpine(dataDir, Duration.ZERO, Clock.systemUTC()));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dedupe window must be a positive duration, was PT0S");
    }
}
