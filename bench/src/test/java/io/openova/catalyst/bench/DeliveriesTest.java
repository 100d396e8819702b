package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class DeliveriesTest {

    @Test
    void shouldTimeEveryEventToEveryReceiverOverTheRange() {
        // Given: two receivers; event 0 (warm-up) and events 1 and 2 sent at 100 and 200, received 10 and 30 later
        Deliveries deliveries = new Deliveries(2, 3);
        deliveries.sent(0, 0);
        deliveries.received(0, 0, 5);
        deliveries.received(1, 0, 5);
        deliveries.sent(1, 100);
        deliveries.sent(2, 200);
        deliveries.received(0, 1, 110);
        deliveries.received(1, 1, 130);
        deliveries.received(0, 2, 210);
        deliveries.received(1, 2, 230);

        // When
        Latencies latencies = deliveries.latencies(1, 3);

        // Then: four samples of 10, 30, 10, 30; the phase runs from the first send (100) to the last receipt (230)
        assertThat(latencies).isEqualTo(new Latencies(4, 130, 10, 30, 30));
    }

    @Test
    void shouldFailWhenAReceiverGetsAnEventTwice() {
        // Given
        Deliveries deliveries = new Deliveries(2, 1);
        deliveries.sent(0, 0);
        deliveries.received(1, 0, 1);

        // When
        deliveries.received(1, 0, 2);

        // Then
        assertThat(deliveries.failure()).contains("receiver 1 got event 0 twice");
    }

    @Test
    void shouldFailWhenAReceiverGetsAnEventNeverSent() {
        // Given
        Deliveries deliveries = new Deliveries(1, 2);

        // When
        deliveries.received(0, 7, 1);

        // Then
        assertThat(deliveries.failure()).contains("receiver 0 got event 7, which was never sent");
    }

    @Test
    void shouldSendEachEventOfTheRangeOnceWhenEveryReceiverGetsIt() {
        // Given: a sender whose events reach both receivers at once
        Deliveries deliveries = new Deliveries(2, 10);
        ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();

        // When
        deliveries.drive(3, 4, 10, Duration.ofSeconds(10), event -> {
            sent.add(event);
            deliveries.received(0, event, System.nanoTime());
            deliveries.received(1, event, System.nanoTime());
        });

        // Then
        assertThat(sent).containsExactlyInAnyOrder(4, 5, 6, 7, 8, 9);
        assertThat(deliveries.latencies(4, 10).count()).isEqualTo(12);
    }

    @Test
    void shouldFailNamingTheReceiverAnEventDidNotReach() {
        // Given: receiver 1 never gets anything
        Deliveries deliveries = new Deliveries(2, 1);

        // When / Then
        assertThatThrownBy(() -> deliveries.drive(
                        1, 0, 1, Duration.ofMillis(50), event -> deliveries.received(0, event, System.nanoTime())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event 0 reached 1 of 2 receivers within 50 ms; not receiver 1 (its last event: -1)");
    }

    @Test
    void shouldStopSendingWhenASendFails() {
        // Given
        Deliveries deliveries = new Deliveries(1, 5);
        ConcurrentLinkedQueue<Integer> sent = new ConcurrentLinkedQueue<>();

        // When / Then
        assertThatThrownBy(() -> deliveries.drive(1, 0, 5, Duration.ofSeconds(10), event -> {
                    sent.add(event);
                    throw new IllegalStateException("answered 500");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("sending event 0 failed: answered 500");
        assertThat(List.copyOf(sent)).containsExactly(0);
    }
}
