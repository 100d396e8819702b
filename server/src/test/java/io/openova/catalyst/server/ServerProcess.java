package io.openova.catalyst.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The packaged server ({@code target/quarkus-app/quarkus-run.jar}) run as its own process with the JVM running the
 * tests. Its output (stdout and stderr together) is drained by a daemon thread from the start, so the process never
 * blocks on a full pipe; every wait is bounded.
 */
final class ServerProcess {
    private record OutputLine(String text, boolean end) {}

    private final Process process;
    private final Thread drain;
    private final BlockingQueue<OutputLine> pending = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ServerProcess(Process process) {
        this.process = process;
        this.drain = Thread.ofPlatform().daemon().name("server-output").start(this::drainOutput);
    }

    /** Starts {@code java <systemProperties> -jar target/quarkus-app/quarkus-run.jar} in the server module folder. */
    static ServerProcess start(Path moduleDir, List<String> systemProperties) throws IOException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests"));
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(systemProperties);
        command.add("-jar");
        command.add(jar(moduleDir).toString());
        Process process = new ProcessBuilder(command)
                .directory(moduleDir.toFile())
                .redirectErrorStream(true)
                .start();
        return new ServerProcess(process);
    }

    static Path jar(Path moduleDir) {
        return moduleDir.resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Reads output until a line matches, the process closes its output, or the deadline passes.
     *
     * @return the first matching line, or empty when none came in time
     */
    Optional<String> awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Duration left = timeout;
        while (!left.isNegative() && !left.isZero()) {
            OutputLine line = pending.poll(left.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.end()) {
                return Optional.empty();
            }
            if (match.test(line.text())) {
                return Optional.of(line.text());
            }
            left = Duration.between(Instant.now(), deadline);
        }
        return Optional.empty();
    }

    /** Waits for the process to end, then for its output to be read to the end. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        drain.join(Duration.ofSeconds(10));
        return true;
    }

    int exitValue() {
        return process.exitValue();
    }

    /**
     * Logs in as the Sovereign admin with the one-time password the server printed at its first start, sets a new
     * password (the first login must), and returns the session's bearer token.
     */
    String signInAsAdmin(int port) throws IOException, InterruptedException {
        String password = output().stream()
                .map(ONE_TIME_PASSWORD::matcher)
                .filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no one-time password in the output"));
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            JsonNode login = send(
                    http,
                    port,
                    "POST",
                    "/api/v1/session",
                    null,
                    "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
            JsonNode changed = send(
                    http,
                    port,
                    "POST",
                    "/api/v1/session/password",
                    login.get("token").asText(),
                    "{\"currentPassword\":\"" + password + "\",\"newPassword\":\"" + ADMIN_PASSWORD + "\"}");
            return changed.get("token").asText();
        }
    }

    /** The admin's password after {@link #signInAsAdmin}. */
    static final String ADMIN_PASSWORD = "process-it-s3cret-pw-42";

    private static final java.util.regex.Pattern ONE_TIME_PASSWORD =
            java.util.regex.Pattern.compile("one-time password: (\\S+)");

    private static JsonNode send(
            java.net.http.HttpClient http, int port, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        java.net.http.HttpResponse<String> response =
                http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return new ObjectMapper().readTree(response.body());
    }

    /** Everything the process printed so far. */
    List<String> output() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and waits for its output to end. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        drain.join(Duration.ofSeconds(10));
    }

    private void drainOutput() {
        try (BufferedReader reader = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (seen) {
                    seen.add(line);
                }
                pending.add(new OutputLine(line, false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server's output", e);
        } finally {
            pending.add(new OutputLine("", true));
        }
    }
}
