package io.openova.catalyst.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Event-to-SSE fan-out: status events from a Flux webhook to a thousand clients of an Environment's event stream,
 * beside raw JetStream publish/consume on the same nats-server in the same run ({@link RawJetStreamLoop}).
 *
 * <p>Against a server in JetStream mode: creates an Environment {@code events-<6 hex>} in {@code --org}, installs one
 * Application ({@code web}, Blueprint {@code valkey}) so that status events change its read model, and issues the
 * Environment's Flux webhook token. Opens {@code --clients} SSE clients on the Environment's event stream and waits
 * for all their snapshots. Then {@code --senders} senders post Flux notification-controller events for the
 * HelmRelease {@code web} ({@code POST .../flux-events} with the token as a bearer token), each with a unique message
 * {@code bench-event-<n>} that the server passes on in the SSE data; each sender posts its next event once every
 * client got its last one. {@code --warmup-events} go first and are not counted, then {@code --events} are timed.
 * events/s = timed events ÷ (first send to the moment the last client got the last event); latency = from just before
 * the POST to a client's receipt, over every (event, client) pair. A client that misses an event, gets one twice, or
 * loses its stream fails the run and writes nothing; a missed goal does not fail it.
 *
 * <p>The reference: the same senders publishing messages of the same size (the mean SSE data size) to a fresh stream
 * of the same nats-server, one ordered push consumer receiving them, as the spine follows a stream; {@code --raw-rounds}
 * rounds of at least 5,000 messages after at least 2,000 not counted, the median by rate is the reference. Then once
 * with as many ordered push consumers as SSE clients (JetStream's own fan-out; the server follows the stream once per
 * Environment and fans out itself) and as many
 * messages as events, given in the row as what JetStream's own fan-out achieves.
 *
 * <pre>
 * EventsBenchmark --base-url http://127.0.0.1:8080 --nats-url nats://127.0.0.1:4222 --nats-user-file FILE
 *                 [--org bench] [--results bench/RESULTS.md] [--clients 1000] [--senders 4] [--events 500]
 *                 [--warmup-events 100] [--raw-rounds 3] [--server-pid PID] [--nats-pid PID]
 * </pre>
 */
public final class EventsBenchmark {
    static final String SCENARIO = "events-to-sse";
    static final double RATIO_GOAL = 0.5;
    static final double P99_GOAL_MILLIS = 25;
    /** Starts the message of every benchmark event, followed by its index; the SSE data carries it. */
    static final String MARKER = "bench-event-";

    private static final byte[] MARKER_BYTES = MARKER.getBytes(StandardCharsets.US_ASCII);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(60);
    /**
     * At least this many messages per raw round (and warm-up messages before them): a thousand times faster than the
     * SSE side, a round of only as many messages as events would last a fraction of a second and move with any hiccup.
     */
    private static final int RAW_MIN_MESSAGES = 5_000;

    private static final int RAW_MIN_WARMUP = 2_000;
    /** Receipt times kept (8 bytes each): clients × all events. */
    private static final long MAX_RECEIPTS = 10_000_000;
    /** Clients connecting at once, each until its snapshot: a thousand subscriptions at once only measure a stampede. */
    private static final int OPENING_CONCURRENCY = 32;

    private static final String APPLICATION = "web";
    private static final String BLUEPRINT = "valkey";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Settings(
            URI baseUrl,
            String natsUrl,
            Path natsUserFile,
            String org,
            Path results,
            int clients,
            int senders,
            int events,
            int warmupEvents,
            int rawRounds,
            OptionalLong serverPid,
            OptionalLong natsPid) {
        static Settings parse(String[] args) {
            Map<String, String> options = Options.parse(
                    args,
                    Map.of(
                            "--org", "bench",
                            "--results", "bench/RESULTS.md",
                            "--clients", "1000",
                            "--senders", "4",
                            "--events", "500",
                            "--warmup-events", "100",
                            "--raw-rounds", "3",
                            "--server-pid", "0",
                            "--nats-pid", "0"),
                    Set.of("--base-url", "--nats-url", "--nats-user-file"));
            String org = options.get("--org");
            if (!LABEL.matcher(org).matches()) {
                throw new IllegalArgumentException("--org must be an Organization name, got " + org);
            }
            Path userFile = Path.of(options.get("--nats-user-file"));
            if (!Files.isReadable(userFile)) {
                throw new IllegalArgumentException("--nats-user-file " + userFile + " is not a readable file");
            }
            int clients = Options.bounded("--clients", options.get("--clients"), 1, 2000);
            int events = Options.bounded("--events", options.get("--events"), 10, 20_000);
            int warmupEvents = Options.bounded("--warmup-events", options.get("--warmup-events"), 0, 20_000);
            if ((long) clients * (events + warmupEvents) > MAX_RECEIPTS) {
                throw new IllegalArgumentException("--clients × (--events + --warmup-events) must be at most "
                        + MAX_RECEIPTS + " (a receipt time is kept for each), got " + clients + " × "
                        + (events + warmupEvents));
            }
            return new Settings(
                    Options.loopback("--base-url", options.get("--base-url")),
                    Options.loopback("--nats-url", options.get("--nats-url"), "nats")
                            .toString(),
                    userFile,
                    org,
                    Path.of(options.get("--results")),
                    clients,
                    Options.bounded("--senders", options.get("--senders"), 1, 64),
                    events,
                    warmupEvents,
                    Options.bounded("--raw-rounds", options.get("--raw-rounds"), 1, 9),
                    pid("--server-pid", options.get("--server-pid")),
                    pid("--nats-pid", options.get("--nats-pid")));
        }

        private static OptionalLong pid(String option, String value) {
            int pid = Options.bounded(option, value, 0, Integer.MAX_VALUE);
            return pid == 0 ? OptionalLong.empty() : OptionalLong.of(pid);
        }
    }

    /** What the SSE side measured: the latencies of every (event, client) pair, the CPU time of the processes. */
    record Fanout(
            int clients,
            int events,
            int senders,
            Latencies latencies,
            double meanDataBytes,
            OptionalLong serverCpuNanos,
            OptionalLong natsCpuNanos,
            OptionalLong clientCpuNanos) {
        /** Events that reached every client, per second. */
        double eventsPerSecond() {
            return events * 1e9 / latencies.wallNanos();
        }
    }

    private EventsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options.main(args, Settings::parse, EventsBenchmark::run);
    }

    static void run(Settings settings, Clock clock) throws IOException, InterruptedException {
        String[] user = userPassword(settings.natsUserFile());
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(1 << 24), 6);
        String env = "events-" + suffix;
        System.out.printf(
                "bench: %s, Environment %s/%s: %d SSE clients, %d sender(s), %d events (after %d not counted)%n",
                settings.baseUrl(),
                settings.org(),
                env,
                settings.clients(),
                settings.senders(),
                settings.events(),
                settings.warmupEvents());

        Fanout fanout;
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build()) {
            fanout = fanout(client, settings, env, clock);
        }
        print("SSE", fanout.latencies(), fanout.eventsPerSecond(), fanout.clients(), "clients");
        System.out.printf(
                "  mean SSE data %.0f bytes; CPU per event: server %s, nats-server %s, the clients (this process) %s%n",
                fanout.meanDataBytes(),
                millisEach(fanout.serverCpuNanos(), fanout.events()),
                millisEach(fanout.natsCpuNanos(), fanout.events()),
                millisEach(fanout.clientCpuNanos(), fanout.events()));

        int payloadBytes = (int) Math.round(fanout.meanDataBytes());
        RawJetStreamLoop.Result raw;
        RawJetStreamLoop.Result rawFanout;
        try (RawJetStreamLoop loop = RawJetStreamLoop.connect(settings.natsUrl(), user[0], user[1], suffix)) {
            List<RawJetStreamLoop.Result> rounds = new ArrayList<>();
            for (int round = 1; round <= settings.rawRounds(); round++) {
                RawJetStreamLoop.Result result = loop.run(
                        1,
                        settings.senders(),
                        Math.max(settings.warmupEvents(), RAW_MIN_WARMUP),
                        Math.max(settings.events(), RAW_MIN_MESSAGES),
                        payloadBytes,
                        settings.natsPid());
                System.out.printf("  raw JetStream round %d: %.0f msgs/s%n", round, result.messagesPerSecond());
                rounds.add(result);
            }
            raw = median(rounds);
            rawFanout = loop.run(
                    settings.clients(),
                    settings.senders(),
                    settings.warmupEvents(),
                    settings.events(),
                    payloadBytes,
                    settings.natsPid());
        } catch (JetStreamApiException e) {
            throw new IllegalStateException("the raw JetStream reference failed: " + e.getMessage(), e);
        }
        for (RawJetStreamLoop.Result result : List.of(raw, rawFanout)) {
            String name = "raw x" + result.consumers();
            print(name, result.latencies(), result.messagesPerSecond(), result.consumers(), "consumers");
            System.out.printf(
                    "  %s CPU per message: nats-server %s, this process %s%n",
                    name,
                    millisEach(result.natsCpuNanos(), result.messages()),
                    millisEach(result.cpuNanos(), result.messages()));
        }

        ResultsTable.Row row = row(fanout, raw, rawFanout, LocalDate.now(clock).toString());
        System.out.printf("  ratio %s%n", row.ratio());
        String text = Files.exists(settings.results()) ? Files.readString(settings.results()) : "";
        Files.writeString(settings.results(), ResultsTable.upsert(text, row));
        System.out.println("bench: wrote " + settings.results());
    }

    /** The SSE side: the Environment, the clients, the warm-up, the timed events. */
    private static Fanout fanout(HttpClient client, Settings settings, String env, Clock clock)
            throws InterruptedException {
        String base = settings.baseUrl() + "/api/v1/orgs/" + settings.org() + "/environments";
        HttpResponse<String> organization;
        try {
            organization = client.send(
                    BenchCaller.authorized(HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/api/v1/orgs")))
                            .timeout(REQUEST_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"" + settings.org() + "\",\"displayName\":\"Benchmark\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create the benchmark's Organization", e);
        }
        if (organization.statusCode() != 201 && organization.statusCode() != 409) {
            throw new IllegalStateException(
                    "POST /api/v1/orgs answered " + organization.statusCode() + ": " + organization.body());
        }
        send(client, "POST", URI.create(base), "{\"name\":\"" + env + "\"}", 201, null);
        send(
                client,
                "POST",
                URI.create(base + "/" + env + "/applications"),
                "{\"name\":\"" + APPLICATION + "\",\"blueprint\":\"" + BLUEPRINT + "\"}",
                201,
                null);
        String token = token(send(client, "PUT", URI.create(base + "/" + env + "/flux-webhook"), null, 200, null));

        int total = settings.warmupEvents() + settings.events();
        Deliveries deliveries = new Deliveries(settings.clients(), total);
        LongAdder dataBytes = new LongAdder();
        String path =
                settings.baseUrl().getPath() + "/api/v1/orgs/" + settings.org() + "/environments/" + env + "/events";
        long opening = System.nanoTime();
        List<SseClient> clients = open(settings, path, deliveries, dataBytes);
        try {
            System.out.printf(
                    "  %d SSE clients have their snapshot after %.1f s%n",
                    clients.size(), (System.nanoTime() - opening) / 1e9);
            URI events = URI.create(base + "/" + env + "/flux-events");
            String at = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
            Deliveries.Sender sender = event -> send(client, "POST", events, fluxEvent(event, at), 202, token);
            long warmup = System.nanoTime();
            if (settings.warmupEvents() > 0) {
                deliveries.drive(settings.senders(), 0, settings.warmupEvents(), DELIVERY_TIMEOUT, sender);
                System.out.printf(
                        "  warm-up (not counted): %d events in %.1f s%n",
                        settings.warmupEvents(), (System.nanoTime() - warmup) / 1e9);
            }
            OptionalLong serverBefore = RawJetStreamLoop.cpu(settings.serverPid());
            OptionalLong natsBefore = RawJetStreamLoop.cpu(settings.natsPid());
            OptionalLong clientBefore = ProvisioningBenchmark.cpuNanos(ProcessHandle.current());
            deliveries.drive(settings.senders(), settings.warmupEvents(), total, DELIVERY_TIMEOUT, sender);
            OptionalLong serverAfter = RawJetStreamLoop.cpu(settings.serverPid());
            OptionalLong natsAfter = RawJetStreamLoop.cpu(settings.natsPid());
            OptionalLong clientAfter = ProvisioningBenchmark.cpuNanos(ProcessHandle.current());
            return new Fanout(
                    settings.clients(),
                    settings.events(),
                    settings.senders(),
                    deliveries.latencies(settings.warmupEvents(), total),
                    dataBytes.sum() / (double) total / settings.clients(),
                    ProvisioningBenchmark.difference(serverBefore, serverAfter),
                    ProvisioningBenchmark.difference(natsBefore, natsAfter),
                    ProvisioningBenchmark.difference(clientBefore, clientAfter));
        } finally {
            try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
                clients.forEach(c -> closing.execute(c::close));
            }
        }
    }

    /**
     * Opens the clients, {@link #OPENING_CONCURRENCY} at a time, each until its snapshot arrived; fails (closing those
     * opened) when one cannot connect or gets no snapshot within {@link #SNAPSHOT_TIMEOUT}.
     */
    private static List<SseClient> open(Settings settings, String path, Deliveries deliveries, LongAdder dataBytes)
            throws InterruptedException {
        AtomicReferenceArray<SseClient> opened = new AtomicReferenceArray<>(settings.clients());
        Semaphore permits = new Semaphore(OPENING_CONCURRENCY);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < settings.clients(); c++) {
                permits.acquire();
                if (deliveries.failure().isPresent()) {
                    permits.release();
                    break;
                }
                int receiver = c;
                threads.execute(() -> {
                    try {
                        SseClient client = SseClient.open(settings.baseUrl(), path, receiver, deliveries, dataBytes);
                        opened.set(receiver, client);
                        client.snapshot().get(SNAPSHOT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    } catch (IOException e) {
                        deliveries.fail("SSE client " + receiver + " could not connect: " + e.getMessage());
                    } catch (ExecutionException e) {
                        deliveries.fail(e.getCause().getMessage());
                    } catch (TimeoutException e) {
                        deliveries.fail("SSE client " + receiver + " got no snapshot within "
                                + SNAPSHOT_TIMEOUT.toSeconds() + " s");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        deliveries.fail("interrupted while opening SSE client " + receiver);
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        List<SseClient> clients = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            if (opened.get(c) != null) {
                clients.add(opened.get(c));
            }
        }
        if (deliveries.failure().isPresent()) {
            clients.forEach(SseClient::close);
            throw new IllegalStateException(deliveries.failure().get());
        }
        return clients;
    }

    /**
     * A Flux notification-controller event as its generic Provider posts it: the HelmRelease {@code web} upgraded, the
     * message {@code bench-event-<n>} (which makes each body, and so each operation id, unique).
     */
    static String fluxEvent(int event, String timestamp) {
        return "{\"involvedObject\":{\"kind\":\"HelmRelease\",\"namespace\":\"" + APPLICATION + "\",\"name\":\""
                + APPLICATION + "\",\"apiVersion\":\"helm.toolkit.fluxcd.io/v2\"},\"severity\":\"info\","
                + "\"timestamp\":\"" + timestamp + "\",\"message\":\"" + MARKER
                + String.format(Locale.ROOT, "%06d", event)
                + "\",\"reason\":\"UpgradeSucceeded\",\"reportingController\":\"helm-controller\","
                + "\"reportingInstance\":\"helm-controller-bench\"}";
    }

    /** The index of the benchmark event whose marker comes first in {@code data}, or -1 when it names none. */
    static int eventOf(byte[] data, int length) {
        int at = SseStream.indexOf(data, length, MARKER_BYTES);
        if (at < 0) {
            return -1;
        }
        int event = 0;
        int digits = 0;
        for (int i = at + MARKER_BYTES.length; i < length && data[i] >= '0' && data[i] <= '9' && digits < 9; i++) {
            event = event * 10 + (data[i] - '0');
            digits++;
        }
        return digits == 0 ? -1 : event;
    }

    /** One request; anything but {@code expected} fails the run. Returns the answer's body. */
    private static String send(HttpClient client, String method, URI uri, String json, int expected, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        } else {
            BenchCaller.authorized(request);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                String body = response.body();
                throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": "
                        + body.substring(0, Math.min(body.length(), 500)));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + uri + ": interrupted", e);
        }
    }

    private static String token(String webhook) {
        try {
            JsonNode token = JSON.readTree(webhook).path("token");
            if (!token.isTextual() || token.asText().isBlank()) {
                throw new IllegalStateException("the Flux webhook answered no token");
            }
            return token.asText();
        } catch (IOException e) {
            throw new IllegalStateException("the Flux webhook answered no JSON: " + e, e);
        }
    }

    /** {@code user:password} from the one line of {@code file}. */
    static String[] userPassword(Path file) throws IOException {
        String line = Files.readString(file, StandardCharsets.UTF_8).strip();
        int colon = line.indexOf(':');
        if (colon < 1 || colon == line.length() - 1) {
            throw new IllegalStateException(file + " must hold one line user:password");
        }
        return new String[] {line.substring(0, colon), line.substring(colon + 1)};
    }

    /** The round of the raw reference with the median rate (the lower middle one of an even count). */
    static RawJetStreamLoop.Result median(List<RawJetStreamLoop.Result> rounds) {
        List<RawJetStreamLoop.Result> byRate = rounds.stream()
                .sorted(Comparator.comparingDouble(RawJetStreamLoop.Result::messagesPerSecond))
                .toList();
        return byRate.get((byRate.size() - 1) / 2);
    }

    /** The row of the results table; the goals are stated as met or missed. */
    static ResultsTable.Row row(
            Fanout fanout, RawJetStreamLoop.Result raw, RawJetStreamLoop.Result rawFanout, String date) {
        double ratio = fanout.eventsPerSecond() / raw.messagesPerSecond();
        double p99 = Latencies.millis(fanout.latencies().p99Nanos());
        return new ResultsTable.Row(
                SCENARIO,
                String.format(
                        Locale.ROOT,
                        "%.0f events/s to each of %d SSE clients (%.0f deliveries/s), p50 %.1f ms, p99 %.1f ms"
                                + " (%d events, %d sender%s, %.0f B data%s)",
                        fanout.eventsPerSecond(),
                        fanout.clients(),
                        fanout.eventsPerSecond() * fanout.clients(),
                        Latencies.millis(fanout.latencies().p50Nanos()),
                        p99,
                        fanout.events(),
                        fanout.senders(),
                        fanout.senders() == 1 ? "" : "s",
                        fanout.meanDataBytes(),
                        cpuPerEvent("server", fanout.serverCpuNanos(), fanout.events())),
                String.format(
                        Locale.ROOT,
                        "%.0f msgs/s raw JetStream publish/consume, 1 ordered push consumer (p50 %.1f ms, p99 %.1f ms);"
                                + " with %d of them %.0f msgs/s to each (p50 %.1f ms, p99 %.1f ms)",
                        raw.messagesPerSecond(),
                        Latencies.millis(raw.latencies().p50Nanos()),
                        Latencies.millis(raw.latencies().p99Nanos()),
                        rawFanout.consumers(),
                        rawFanout.messagesPerSecond(),
                        Latencies.millis(rawFanout.latencies().p50Nanos()),
                        Latencies.millis(rawFanout.latencies().p99Nanos())),
                String.format(
                        Locale.ROOT,
                        "%.3f (goal >= %.2f, %s; p99 goal < %.0f ms, %s); %.2f of the raw fan-out",
                        ratio,
                        RATIO_GOAL,
                        ratio >= RATIO_GOAL ? "met" : "missed",
                        P99_GOAL_MILLIS,
                        p99 < P99_GOAL_MILLIS ? "met" : "missed",
                        fanout.eventsPerSecond() / rawFanout.messagesPerSecond()),
                date);
    }

    /** {@code ; server CPU 12.3 ms per event}, or nothing when the CPU time is not known. */
    private static String cpuPerEvent(String whose, OptionalLong cpuNanos, int events) {
        return cpuNanos.isEmpty() ? "" : "; " + whose + " CPU " + millisEach(cpuNanos, events) + " per event";
    }

    private static String millisEach(OptionalLong cpuNanos, int count) {
        return cpuNanos.isEmpty()
                ? "unknown"
                : String.format(Locale.ROOT, "%.1f ms", cpuNanos.getAsLong() / 1e6 / count);
    }

    private static void print(String what, Latencies latencies, double perSecond, int receivers, String unit) {
        System.out.printf(
                "  %-8s %.0f per second to each of %d %s (%d deliveries in %.2f s), p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%n",
                what,
                perSecond,
                receivers,
                unit,
                latencies.count(),
                latencies.wallNanos() / 1e9,
                Latencies.millis(latencies.p50Nanos()),
                Latencies.millis(latencies.p99Nanos()),
                Latencies.millis(latencies.maxNanos()));
    }
}
