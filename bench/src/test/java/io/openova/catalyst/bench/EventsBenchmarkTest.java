package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsBenchmarkTest {
    private static final RawJetStreamLoop.Result RAW = new RawJetStreamLoop.Result(
            1,
            500,
            new Latencies(500, 250_000_000L, 1_100_000L, 9_800_000L, 12_000_000L),
            OptionalLong.empty(),
            OptionalLong.empty());
    private static final RawJetStreamLoop.Result RAW_FANOUT = new RawJetStreamLoop.Result(
            1000,
            500,
            new Latencies(500_000, 12_500_000_000L, 70_000_000L, 200_000_000L, 250_000_000L),
            OptionalLong.empty(),
            OptionalLong.empty());

    @TempDir
    Path directory;

    private static EventsBenchmark.Fanout fanout(long wallNanos, long p99Nanos, OptionalLong serverCpuNanos) {
        return new EventsBenchmark.Fanout(
                1000,
                500,
                4,
                new Latencies(500_000, wallNanos, 200_000_000L, p99Nanos, p99Nanos + 1),
                2620.4,
                serverCpuNanos,
                OptionalLong.empty(),
                OptionalLong.empty());
    }

    @Test
    void shouldStateBothGoalsMissedInRow() {
        // Given: 500 events to 1,000 clients in 50 s (10/s), server CPU 85 s; raw 2,000 msgs/s, its fan-out 40/s
        EventsBenchmark.Fanout fanout = fanout(50_000_000_000L, 700_000_000L, OptionalLong.of(85_000_000_000L));

        // When
        ResultsTable.Row row = EventsBenchmark.row(fanout, RAW, RAW_FANOUT, "2026-01-02");

        // Then
        assertThat(row)
                .isEqualTo(new ResultsTable.Row(
                        "events-to-sse",
                        "10 events/s to each of 1000 SSE clients (10000 deliveries/s), p50 200.0 ms, p99 700.0 ms"
                                + " (500 events, 4 senders, 2620 B data; server CPU 170.0 ms per event)",
                        "2000 msgs/s raw JetStream publish/consume, 1 ordered push consumer (p50 1.1 ms, p99 9.8 ms);"
                                + " with 1000 of them 40 msgs/s to each (p50 70.0 ms, p99 200.0 ms)",
                        "0.005 (goal >= 0.50, missed; p99 goal < 25 ms, missed); 0.25 of the raw fan-out",
                        "2026-01-02"));
    }

    @Test
    void shouldStateBothGoalsMetInRow() {
        // Given: 500 events in 0.5 s (1,000/s, half the raw rate), p99 24.9 ms
        EventsBenchmark.Fanout fanout = fanout(500_000_000L, 24_900_000L, OptionalLong.empty());

        // When
        ResultsTable.Row row = EventsBenchmark.row(fanout, RAW, RAW_FANOUT, "2026-01-02");

        // Then
        assertThat(row.ratio()).isEqualTo("0.500 (goal >= 0.50, met; p99 goal < 25 ms, met); 25.00 of the raw fan-out");
    }

    @Test
    void shouldTakeRawRoundWithMedianRate() {
        // Given: rounds of 3,000, 1,000 and 2,000 msgs/s
        List<RawJetStreamLoop.Result> rounds = List.of(raw(166_666_667L), raw(500_000_000L), raw(250_000_000L));

        // When
        RawJetStreamLoop.Result median = EventsBenchmark.median(rounds);

        // Then
        assertThat(median.latencies().wallNanos()).isEqualTo(250_000_000L);
    }

    @Test
    void shouldPostAFluxEventWhoseMessageNamesTheEvent() throws Exception {
        // Given
        int event = 42;

        // When
        String body = EventsBenchmark.fluxEvent(event, "2026-01-02T03:04:05Z");

        // Then: a HelmRelease event of the Application, which the server passes on in the SSE data
        JsonNode json = new ObjectMapper().readTree(body);
        assertThat(json.at("/involvedObject/kind").asText()).isEqualTo("HelmRelease");
        assertThat(json.at("/involvedObject/name").asText()).isEqualTo("web");
        assertThat(json.at("/timestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(json.at("/message").asText()).isEqualTo("bench-event-000042");
        byte[] data = ("{\"event\":" + body + ",\"application\":{\"message\":\"bench-event-000041\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(EventsBenchmark.eventOf(data, data.length)).isEqualTo(42);
    }

    @Test
    void shouldFindNoEventInDataWithoutMarker() {
        // Given: the snapshot of an Environment, or the marker without digits
        byte[] data = "{\"message\":\"bench-event-x\"}".getBytes(StandardCharsets.UTF_8);

        // When
        int event = EventsBenchmark.eventOf(data, data.length);

        // Then
        assertThat(event).isEqualTo(-1);
    }

    @Test
    void shouldRefuseNatsServerOffLoopback() throws Exception {
        // Given
        Path user = Files.writeString(directory.resolve("reference.userpass"), "bench-admin:secret\n");
        String[] args = {
            "--base-url",
            "http://127.0.0.1:8080",
            "--nats-url",
            "nats://10.0.0.1:4222",
            "--nats-user-file",
            user.toString()
        };

        // When / Then
        assertThatThrownBy(() -> EventsBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--nats-url must be nats:// on a loopback address");
    }

    @Test
    void shouldRefuseMissingUserFile() {
        // Given
        String[] args = {
            "--base-url", "http://127.0.0.1:8080",
            "--nats-url", "nats://127.0.0.1:4222",
            "--nats-user-file", directory.resolve("missing").toString()
        };

        // When / Then
        assertThatThrownBy(() -> EventsBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("missing is not a readable file");
    }

    @Test
    void shouldBoundTheNumberOfClients() throws Exception {
        // Given
        Path user = Files.writeString(directory.resolve("reference.userpass"), "bench-admin:secret\n");
        String[] args = {
            "--base-url", "http://127.0.0.1:8080",
            "--nats-url", "nats://127.0.0.1:4222",
            "--nats-user-file", user.toString(),
            "--clients", "100000"
        };

        // When / Then
        assertThatThrownBy(() -> EventsBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--clients must be a whole number from 1 to 2000, got 100000");
    }

    @Test
    void shouldBoundTheReceiptTimesKept() throws Exception {
        // Given: 2,000 clients × 10,000 events
        Path user = Files.writeString(directory.resolve("reference.userpass"), "bench-admin:secret\n");
        String[] args = {
            "--base-url", "http://127.0.0.1:8080",
            "--nats-url", "nats://127.0.0.1:4222",
            "--nats-user-file", user.toString(),
            "--clients", "2000",
            "--events", "9900"
        };

        // When / Then
        assertThatThrownBy(() -> EventsBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--clients × (--events + --warmup-events) must be at most 10000000 (a receipt time is kept"
                        + " for each), got 2000 × 10000");
    }

    @Test
    void shouldReadUserAndPasswordSplitAtTheFirstColon() throws Exception {
        // Given
        Path file = Files.writeString(directory.resolve("reference.userpass"), "bench-admin:pa:ss\n");

        // When
        String[] user = EventsBenchmark.userPassword(file);

        // Then
        assertThat(user).containsExactly("bench-admin", "pa:ss");
    }

    private static RawJetStreamLoop.Result raw(long wallNanos) {
        return new RawJetStreamLoop.Result(
                1, 500, new Latencies(500, wallNanos, 1, 2, 3), OptionalLong.empty(), OptionalLong.empty());
    }
}
