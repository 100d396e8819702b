package io.openova.catalyst.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * Catalog-list requests/s against a static-file reference served by the same server in the same run. A fixed number
 * of workers (virtual threads) send GETs over kept-alive HTTP/1.1 connections; every target gets a warm-up, then the
 * targets take turns in measured rounds of fixed duration, so that all see the same machine state. Any answer other
 * than 200 fails the run. Writes one row per catalog scenario into the results table.
 *
 * <pre>
 * CatalogListBenchmark --base-url http://127.0.0.1:8080 [--results bench/RESULTS.md] [--workers 8]
 *                      [--warmup-seconds 10] [--seconds 2] [--rounds 5]
 * </pre>
 */
public final class CatalogListBenchmark {
    static final double GOAL = 0.5;
    private static final long MAX_REQUESTS_PER_PHASE = 2_000_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    record Target(String scenario, String path) {}

    static final Target REFERENCE = new Target("static-file", "/schemas/blueprint.schema.json");
    static final List<Target> SCENARIOS = List.of(
            new Target("catalog-list", "/api/v1/blueprints?pageSize=20"),
            new Target("catalog-search", "/api/v1/blueprints?q=postgres&category=data-services"));

    /** What one phase saw: successful responses, how long it took, the size of a response body. */
    record Phase(long responses, long nanos, int bodyBytes) {
        double perSecond() {
            return responses * 1e9 / nanos;
        }
    }

    record Settings(URI baseUrl, Path results, int workers, Duration warmup, Duration measured, int rounds) {
        static Settings parse(String[] args) {
            Map<String, String> options = Options.parse(
                    args,
                    Map.of(
                            "--results", "bench/RESULTS.md",
                            "--workers", "8",
                            "--warmup-seconds", "10",
                            "--seconds", "2",
                            "--rounds", "5"),
                    Set.of("--base-url"));
            return new Settings(
                    Options.loopback("--base-url", options.get("--base-url")),
                    Path.of(options.get("--results")),
                    Options.bounded("--workers", options.get("--workers"), 1, 64),
                    Duration.ofSeconds(Options.bounded("--warmup-seconds", options.get("--warmup-seconds"), 1, 60)),
                    Duration.ofSeconds(Options.bounded("--seconds", options.get("--seconds"), 1, 60)),
                    Options.bounded("--rounds", options.get("--rounds"), 1, 9));
        }
    }

    private CatalogListBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options.main(args, Settings::parse, CatalogListBenchmark::run);
    }

    static void run(Settings settings, Clock clock) throws IOException {
        List<Target> targets = new ArrayList<>(List.of(REFERENCE));
        targets.addAll(SCENARIOS);
        Map<Target, List<Phase>> phases = new LinkedHashMap<>();
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build()) {
            System.out.printf(
                    "bench: %s, %d workers, warm-up %ds per target, %d rounds of %ds per target%n",
                    settings.baseUrl(),
                    settings.workers(),
                    settings.warmup().toSeconds(),
                    settings.rounds(),
                    settings.measured().toSeconds());
            for (Target target : targets) {
                measure(client, settings, target, settings.warmup());
            }
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Target target : targets) {
                    Phase phase = measure(client, settings, target, settings.measured());
                    phases.computeIfAbsent(target, t -> new ArrayList<>()).add(phase);
                    System.out.printf(
                            "  round %d  %-15s %8.0f req/s  (%d responses)%n",
                            round, target.scenario(), phase.perSecond(), phase.responses());
                }
                // Rotate the order, so that no target always runs first (or right after the same other one).
                targets.addLast(targets.removeFirst());
            }
        }
        report(settings, phases, LocalDate.now(clock).toString());
    }

    /**
     * A scenario's result is its median round, ranked by the ratio to the reference measured in the same round (seconds
     * apart), so that drift of the machine (JIT, other load) cancels out, and the row's figure / reference is its ratio.
     */
    private static void report(Settings settings, Map<Target, List<Phase>> phases, String date) throws IOException {
        List<Phase> reference = phases.get(REFERENCE);
        System.out.printf("%n%-15s %s%n", "scenario", "ratio to static-file in each round -> median round");
        String text = Files.exists(settings.results()) ? Files.readString(settings.results()) : "";
        for (Target target : SCENARIOS) {
            List<Phase> rounds = phases.get(target);
            List<Double> ratios = IntStream.range(0, rounds.size())
                    .mapToObj(i -> rounds.get(i).perSecond() / reference.get(i).perSecond())
                    .toList();
            int median = medianIndex(ratios);
            Phase figure = rounds.get(median);
            Phase base = reference.get(median);
            double ratio = ratios.get(median);
            String verdict = ratio >= GOAL ? "met" : "missed";
            System.out.printf(
                    "%-15s %s -> round %d: %.0f / %.0f req/s = %.2f, goal >= %.2f %s%n",
                    target.scenario(),
                    ratios.stream()
                            .map(r -> String.format(Locale.ROOT, "%.2f", r))
                            .toList(),
                    median + 1,
                    figure.perSecond(),
                    base.perSecond(),
                    ratio,
                    GOAL,
                    verdict.toUpperCase(Locale.ROOT));
            System.out.printf(
                    "%-15s body %s, static file %s (%.1fx)%n",
                    "",
                    size(figure.bodyBytes()),
                    size(base.bodyBytes()),
                    (double) figure.bodyBytes() / base.bodyBytes());
            ResultsTable.Row row = new ResultsTable.Row(
                    target.scenario(),
                    String.format(
                            Locale.ROOT,
                            "%.0f req/s GET %s (%s, %d workers)",
                            figure.perSecond(),
                            target.path(),
                            size(figure.bodyBytes()),
                            settings.workers()),
                    String.format(
                            Locale.ROOT,
                            "%.0f req/s GET %s (%s)",
                            base.perSecond(),
                            REFERENCE.path(),
                            size(base.bodyBytes())),
                    String.format(
                            Locale.ROOT,
                            "%.2f (median of %d rounds; goal >= %.2f, %s)",
                            ratio,
                            rounds.size(),
                            GOAL,
                            verdict),
                    date);
            text = ResultsTable.upsert(text, row);
        }
        Files.writeString(settings.results(), text);
        System.out.println("bench: wrote " + settings.results());
    }

    /** Sends GETs from {@code workers} virtual threads until the duration is over; fails on anything but a 200. */
    static Phase measure(HttpClient client, Settings settings, Target target, Duration duration) {
        URI uri = URI.create(settings.baseUrl() + target.path());
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
        HttpRequest request = (target.path().startsWith("/api/") ? BenchCaller.authorized(builder) : builder).build();
        AtomicLong responses = new AtomicLong();
        AtomicInteger bodyBytes = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < settings.workers(); i++) {
                workers.execute(() -> {
                    while (failure.get() == null
                            && System.nanoTime() < deadline
                            && responses.get() < MAX_REQUESTS_PER_PHASE) {
                        try {
                            HttpResponse<byte[]> response =
                                    client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() != 200) {
                                failure.compareAndSet(null, "GET " + uri + " answered " + response.statusCode());
                                return;
                            }
                            bodyBytes.set(response.body().length);
                            responses.incrementAndGet();
                        } catch (IOException e) {
                            failure.compareAndSet(null, "GET " + uri + ": " + e);
                        } catch (InterruptedException e) {
                            failure.compareAndSet(null, "GET " + uri + ": interrupted");
                            Thread.currentThread().interrupt();
                        }
                    }
                });
            }
        }
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return new Phase(responses.get(), nanos, bodyBytes.get());
    }

    /** The index of the median value; of the lower middle one when the count is even. */
    static int medianIndex(List<Double> values) {
        List<Integer> byValue = IntStream.range(0, values.size())
                .boxed()
                .sorted(Comparator.comparing(values::get))
                .toList();
        return byValue.get((byValue.size() - 1) / 2);
    }

    private static String size(int bytes) {
        return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
}
