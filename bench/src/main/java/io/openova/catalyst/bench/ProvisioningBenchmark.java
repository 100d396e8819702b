package io.openova.catalyst.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.bench.EnvironmentHistory.Commit;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.eclipse.jgit.util.FileUtils;

/**
 * Click-to-commit: installs through the REST API of a running server, each timed from sending the request to having
 * the whole {@code 201} answer (by then the install is a commit on the Environment's branch), beside a raw JGit commit
 * loop that writes the same trees in the same run ({@link RawJGitLoop}).
 *
 * <p>Creates {@code --environments} Environments in a fresh Organization {@code bench-<6 hex>}, then sends
 * {@code --installs} installs of {@code --blueprint} from {@code --clients} concurrent clients, install {@code i}
 * ({@code app-0000}, ...) into Environment {@code i % environments}. A warm-up of the same shape in the Organization
 * {@code bench-<hex>-warmup} goes first, and is not counted. Then it reads the commits the server
 * made from its data directory and has the raw loop commit the identical trees (checked by tree id) into fresh bare
 * repositories: in warm-up rounds for 15 s, then {@code --raw-rounds} times, each time into new ones; the round with
 * the median rate is the reference.
 * Any answer other than {@code 201}, or a history that does not hold exactly the commits the API
 * answered, fails the run and writes nothing; a missed goal does not fail it.
 *
 * <pre>
 * ProvisioningBenchmark --base-url http://127.0.0.1:8080 --data-dir PATH [--results bench/RESULTS.md]
 *                       [--clients 20] [--environments 100] [--installs 1000] [--warmup-installs 1000]
 *                       [--blueprint valkey] [--raw-rounds 3] [--scratch DIR] [--server-pid PID]
 * </pre>
 */
public final class ProvisioningBenchmark {
    static final String SCENARIO = "click-to-commit";
    /** The client count of the scenario; a run with another count gets a row of its own. */
    static final int SCENARIO_CLIENTS = 20;

    static final double RATIO_GOAL = 0.5;
    static final double P99_GOAL_MILLIS = 50;
    /** The raw loop repeats its warm-up round until this long has passed: its JIT takes seconds to settle. */
    private static final Duration RAW_WARMUP = Duration.ofSeconds(15);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Settings(
            URI baseUrl,
            Path dataDir,
            Path results,
            int clients,
            int environments,
            int installs,
            int warmupInstalls,
            String blueprint,
            int rawRounds,
            Path scratch,
            Optional<ProcessHandle> server) {
        static Settings parse(String[] args) {
            Map<String, String> options = Options.parse(
                    args,
                    Map.of(
                            "--results", "bench/RESULTS.md",
                            "--clients", "20",
                            "--environments", "100",
                            "--installs", "1000",
                            "--warmup-installs", "1000",
                            "--raw-rounds", "3",
                            "--blueprint", "valkey",
                            "--scratch", System.getProperty("java.io.tmpdir"),
                            "--server-pid", "0"),
                    Set.of("--base-url", "--data-dir"));
            String blueprint = options.get("--blueprint");
            if (!LABEL.matcher(blueprint).matches()) {
                throw new IllegalArgumentException("--blueprint must be a Blueprint name, got " + blueprint);
            }
            int environments = Options.bounded("--environments", options.get("--environments"), 1, 1000);
            return new Settings(
                    Options.loopback("--base-url", options.get("--base-url")),
                    Path.of(options.get("--data-dir")),
                    Path.of(options.get("--results")),
                    Options.bounded("--clients", options.get("--clients"), 1, 64),
                    environments,
                    Options.bounded("--installs", options.get("--installs"), environments, 10_000),
                    Options.bounded("--warmup-installs", options.get("--warmup-installs"), 0, 5_000),
                    blueprint,
                    Options.bounded("--raw-rounds", options.get("--raw-rounds"), 1, 9),
                    Path.of(options.get("--scratch")),
                    serverProcess(options.get("--server-pid")));
        }
    }

    /** The server's process, to read the CPU time it spends on the installs; none for pid 0. */
    private static Optional<ProcessHandle> serverProcess(String pid) {
        int parsed = Options.bounded("--server-pid", pid, 0, Integer.MAX_VALUE);
        if (parsed == 0) {
            return Optional.empty();
        }
        return Optional.of(ProcessHandle.of(parsed)
                .orElseThrow(() -> new IllegalArgumentException("--server-pid " + pid + ": no such process")));
    }

    /**
     * Installs {@code installs} Applications into {@code environments} Environments of {@code org}, round-robin.
     */
    record Workload(String org, int environments, int installs) {
        String environment(int e) {
            return String.format(Locale.ROOT, "env-%03d", e);
        }

        String application(int install) {
            return String.format(Locale.ROOT, "app-%04d", install);
        }

        int environmentOf(int install) {
            return install % environments;
        }

        /** The warm-up: as many installs per Environment as this workload, in its own Organization. */
        Workload warmup(int warmupInstalls) {
            int perEnvironment = Math.max(1, installs / environments);
            int count = Math.min(environments, Math.max(1, warmupInstalls / perEnvironment));
            return new Workload(org + "-warmup", count, warmupInstalls);
        }
    }

    /**
     * The timed API phase: latencies, the commit id each install answered (by install), and the CPU time the server
     * process used meanwhile, when known.
     */
    record Installed(Latencies latencies, List<String> commits, OptionalLong serverCpuNanos) {}

    private ProvisioningBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options.main(args, Settings::parse, ProvisioningBenchmark::run);
    }

    static void run(Settings settings, Clock clock) throws IOException {
        if (!Files.isDirectory(settings.dataDir())) {
            throw new IllegalStateException("--data-dir " + settings.dataDir() + " is not a directory");
        }
        String org = "bench-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(1 << 24), 6);
        Workload measured = new Workload(org, settings.environments(), settings.installs());
        Workload warmup = settings.warmupInstalls() == 0 ? null : measured.warmup(settings.warmupInstalls());
        System.out.printf(
                "bench: %s, Organization %s: %d installs of '%s' into %d Environments from %d clients%s%n",
                settings.baseUrl(),
                org,
                measured.installs(),
                settings.blueprint(),
                measured.environments(),
                settings.clients(),
                warmup == null
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " (after a warm-up of %d installs into %d Environments, not counted)",
                                warmup.installs(),
                                warmup.environments()));

        Installed api;
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build()) {
            if (warmup != null) {
                createEnvironments(client, settings, warmup);
                install(client, settings, warmup);
            }
            long start = System.nanoTime();
            createEnvironments(client, settings, measured);
            System.out.printf(
                    "  created %d Environments in %.1f s%n",
                    measured.environments(), (System.nanoTime() - start) / 1e9);
            api = install(client, settings, measured);
        }
        print("API", "installs", api.latencies(), api.serverCpuNanos(), "server");

        RawJGitLoop.Result raw = rawReference(settings, histories(settings.dataDir(), measured, api.commits()));
        print("raw JGit", "commits", raw.latencies(), raw.cpuNanos(), "process");

        ResultsTable.Row row = row(
                measured,
                settings.clients(),
                new Measured(api.latencies(), api.serverCpuNanos()),
                new Measured(raw.latencies(), raw.cpuNanos()),
                LocalDate.now(clock).toString());
        System.out.printf("  ratio %s%n", row.ratio());
        String text = Files.exists(settings.results()) ? Files.readString(settings.results()) : "";
        Files.writeString(settings.results(), ResultsTable.upsert(text, row));
        System.out.println("bench: wrote " + settings.results());
    }

    /**
     * The raw loop over the server's commits: warm-up rounds for {@link #RAW_WARMUP} (at least one), then the measured
     * rounds, each into new repositories under a scratch directory that is deleted afterwards; the median round.
     */
    private static RawJGitLoop.Result rawReference(Settings settings, List<List<Commit>> histories) throws IOException {
        Path scratch = Files.createTempDirectory(Files.createDirectories(settings.scratch()), "raw-jgit-");
        try {
            long warmupEnd = System.nanoTime() + RAW_WARMUP.toNanos();
            for (int warmup = 1; warmup == 1 || System.nanoTime() - warmupEnd < 0; warmup++) {
                Path repositories = scratch.resolve("warmup-" + warmup);
                RawJGitLoop.Result result = new RawJGitLoop(repositories, settings.clients()).replay(histories);
                System.out.printf(
                        "  raw JGit warm-up %d (not counted): %.1f commits/s%n",
                        warmup, result.latencies().perSecond());
                FileUtils.delete(repositories.toFile(), FileUtils.RECURSIVE);
            }
            List<RawJGitLoop.Result> rounds = new ArrayList<>();
            for (int round = 1; round <= settings.rawRounds(); round++) {
                RawJGitLoop.Result result =
                        new RawJGitLoop(scratch.resolve("round-" + round), settings.clients()).replay(histories);
                System.out.printf(
                        "  raw JGit round %d: %.1f commits/s%n",
                        round, result.latencies().perSecond());
                rounds.add(result);
            }
            return median(rounds);
        } finally {
            FileUtils.delete(scratch.toFile(), FileUtils.RECURSIVE | FileUtils.IGNORE_ERRORS);
        }
    }

    /** The round of the raw loop with the median rate (the lower middle one of an even count). */
    static RawJGitLoop.Result median(List<RawJGitLoop.Result> rounds) {
        List<RawJGitLoop.Result> byRate = rounds.stream()
                .sorted(Comparator.comparingDouble(r -> r.latencies().perSecond()))
                .toList();
        return byRate.get((byRate.size() - 1) / 2);
    }

    /** A side of the comparison: its latencies, and the CPU time its process used meanwhile, when known. */
    record Measured(Latencies latencies, OptionalLong cpuNanos) {
        String cpuPerOperation(String what) {
            if (cpuNanos.isEmpty()) {
                return "";
            }
            return String.format(
                    Locale.ROOT, "; %s CPU %.1f ms each", what, cpuNanos.getAsLong() / 1e6 / latencies.count());
        }
    }

    /**
     * {@value #SCENARIO} for {@value #SCENARIO_CLIENTS} clients, else {@code click-to-commit-N-clients}: a single
     * client measures the latency of one click on an idle server, which 20 closed-loop clients cannot show (their
     * latency is 20 / throughput, queueing included).
     */
    static String scenario(int clients) {
        if (clients == SCENARIO_CLIENTS) {
            return SCENARIO;
        }
        return SCENARIO + "-" + clients + (clients == 1 ? "-client" : "-clients");
    }

    /** The row of the results table; the goals are stated as met or missed. */
    static ResultsTable.Row row(Workload workload, int clients, Measured api, Measured raw, String date) {
        double ratio = api.latencies().perSecond() / raw.latencies().perSecond();
        double p99 = Latencies.millis(api.latencies().p99Nanos());
        return new ResultsTable.Row(
                scenario(clients),
                String.format(
                        Locale.ROOT,
                        "%.0f installs/s, p50 %.1f ms, p99 %.1f ms (%d installs, %d envs, %d client%s%s)",
                        api.latencies().perSecond(),
                        Latencies.millis(api.latencies().p50Nanos()),
                        p99,
                        workload.installs(),
                        workload.environments(),
                        clients,
                        clients == 1 ? "" : "s",
                        api.cpuPerOperation("server")),
                String.format(
                        Locale.ROOT,
                        "%.0f commits/s raw JGit (p50 %.1f ms, p99 %.1f ms%s)",
                        raw.latencies().perSecond(),
                        Latencies.millis(raw.latencies().p50Nanos()),
                        Latencies.millis(raw.latencies().p99Nanos()),
                        raw.cpuPerOperation("process")),
                String.format(
                        Locale.ROOT,
                        "%.2f (goal >= %.2f, %s; p99 goal < %.0f ms, %s)",
                        ratio,
                        RATIO_GOAL,
                        ratio >= RATIO_GOAL ? "met" : "missed",
                        P99_GOAL_MILLIS,
                        p99 < P99_GOAL_MILLIS ? "met" : "missed"),
                date);
    }

    private static void print(String what, String unit, Latencies latencies, OptionalLong cpuNanos, String whose) {
        System.out.printf(
                "  %-9s %d %s in %.2f s: %.1f %s/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%s%n",
                what,
                latencies.count(),
                unit,
                latencies.wallNanos() / 1e9,
                latencies.perSecond(),
                unit,
                Latencies.millis(latencies.p50Nanos()),
                Latencies.millis(latencies.p99Nanos()),
                Latencies.millis(latencies.maxNanos()),
                cpuNanos.isEmpty()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; %s CPU %.1f s, %.1f ms each",
                                whose,
                                cpuNanos.getAsLong() / 1e9,
                                cpuNanos.getAsLong() / 1e6 / latencies.count()));
    }

    /** The CPU time {@code process} has used so far, when the platform reports it. */
    static OptionalLong cpuNanos(ProcessHandle process) {
        return process.info()
                .totalCpuDuration()
                .map(duration -> OptionalLong.of(duration.toNanos()))
                .orElse(OptionalLong.empty());
    }

    /** {@code after - before}, when both are known. */
    static OptionalLong difference(OptionalLong before, OptionalLong after) {
        return before.isPresent() && after.isPresent()
                ? OptionalLong.of(after.getAsLong() - before.getAsLong())
                : OptionalLong.empty();
    }

    private static void createEnvironments(HttpClient client, Settings settings, Workload workload) {
        post(
                client,
                URI.create(settings.baseUrl() + "/api/v1/orgs"),
                "{\"name\":\"" + workload.org() + "\",\"displayName\":\"Benchmark\",\"quota\":{\"maxEnvironments\":"
                        + workload.environments() + ",\"maxApplications\":" + workload.installs() + "}}",
                workload.org());
        URI uri = URI.create(settings.baseUrl() + "/api/v1/orgs/" + workload.org() + "/environments");
        concurrently(settings.clients(), workload.environments(), e -> {
            post(client, uri, "{\"name\":\"" + workload.environment(e) + "\"}", workload.org() + "-" + e);
        });
    }

    /** The timed phase: every install one POST, timed from send to the whole answer. */
    private static Installed install(HttpClient client, Settings settings, Workload workload) {
        long[] samples = new long[workload.installs()];
        byte[][] bodies = new byte[workload.installs()][];
        OptionalLong cpuBefore =
                settings.server().map(ProvisioningBenchmark::cpuNanos).orElse(OptionalLong.empty());
        long wall = concurrently(settings.clients(), workload.installs(), i -> {
            URI uri = URI.create(settings.baseUrl() + "/api/v1/orgs/" + workload.org() + "/environments/"
                    + workload.environment(workload.environmentOf(i)) + "/applications");
            String body =
                    "{\"name\":\"" + workload.application(i) + "\",\"blueprint\":\"" + settings.blueprint() + "\"}";
            long begin = System.nanoTime();
            bodies[i] = post(client, uri, body, workload.org() + "-" + workload.application(i));
            samples[i] = System.nanoTime() - begin;
        });
        OptionalLong cpuAfter =
                settings.server().map(ProvisioningBenchmark::cpuNanos).orElse(OptionalLong.empty());
        List<String> commits = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            commits.add(commitOf(bodies[i], workload.application(i)));
        }
        return new Installed(Latencies.of(samples, wall), List.copyOf(commits), difference(cpuBefore, cpuAfter));
    }

    /**
     * One POST with a JSON body, an {@code Idempotency-Key} (as a console sends, so that a retry is safe) and a request
     * id; anything but a {@code 201} fails the run.
     */
    private static byte[] post(HttpClient client, URI uri, String json, String key) {
        HttpRequest request = BenchCaller.authorized(HttpRequest.newBuilder(uri))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .header("X-Request-Id", key)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 201) {
                String answer = new String(response.body(), StandardCharsets.UTF_8);
                throw new IllegalStateException("POST " + uri + " " + json + " answered " + response.statusCode() + ": "
                        + answer.substring(0, Math.min(answer.length(), 500)));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("POST " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("POST " + uri + ": interrupted", e);
        }
    }

    /** Runs tasks 0..count-1 from {@code clients} virtual threads, in order of index; returns the wall time. */
    private static long concurrently(int clients, int count, IntConsumer task) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                workers.execute(() -> {
                    for (int i = next.getAndIncrement();
                            i < count && failure.get() == null;
                            i = next.getAndIncrement()) {
                        try {
                            task.accept(i);
                        } catch (RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                });
            }
        }
        long wall = System.nanoTime() - start;
        if (failure.get() != null) {
            throw failure.get();
        }
        return wall;
    }

    private static String commitOf(byte[] body, String application) {
        try {
            JsonNode commit = JSON.readTree(body).path("commit");
            if (!commit.isTextual() || !commit.asText().matches("[0-9a-f]{40}")) {
                throw new IllegalStateException("the install of " + application + " answered no commit id");
            }
            return commit.asText();
        } catch (IOException e) {
            throw new IllegalStateException("the install of " + application + " answered no JSON: " + e, e);
        }
    }

    /**
     * The server's commits of every Environment of the workload, checked against {@code answered} (the commit id of
     * each install): see {@link #check}.
     */
    static List<List<Commit>> histories(Path dataDir, Workload workload, List<String> answered) throws IOException {
        List<List<Commit>> histories = new ArrayList<>();
        for (int e = 0; e < workload.environments(); e++) {
            histories.add(EnvironmentHistory.read(dataDir, workload.org(), workload.environment(e)));
        }
        check(workload, histories, answered);
        return histories;
    }

    /**
     * Fails unless every Environment's history is its first commit followed by exactly the commits its installs
     * answered, in any order: none lost, none extra.
     */
    static void check(Workload workload, List<List<Commit>> histories, List<String> answered) {
        for (int e = 0; e < workload.environments(); e++) {
            Set<String> expected = new HashSet<>();
            for (int i = e; i < answered.size(); i += workload.environments()) {
                expected.add(answered.get(i));
            }
            List<Commit> history = histories.get(e);
            Set<String> found = new HashSet<>();
            history.subList(1, history.size()).forEach(commit -> found.add(commit.id()));
            int installsFound = history.size() - 1;
            if (!found.equals(expected) || installsFound != expected.size()) {
                throw new IllegalStateException("the history of " + workload.org() + "/" + workload.environment(e)
                        + " holds " + installsFound + " commits after its first, expected exactly the "
                        + expected.size() + " commits its installs answered");
            }
        }
    }
}
