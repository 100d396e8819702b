package io.openova.catalyst.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once out of Git, proven with a real process: the server is halted (as by {@code kill -9}) after a commit
 * and before its events reach the spine, again and again; after a last start, every commit has exactly one event per
 * Application it changed and the read model matches the repository.
 */
class KillAndRestartProcessIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^\\s:]+:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CYCLES = 4;
    private static final String BASE = "/api/v1/orgs/acme/environments";

    private final Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath();

    @TempDir
    Path data;

    private ServerProcess server;
    /** The Sovereign admin's token, from the first start on (sessions survive restarts). */
    private String token;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
        http.close();
    }

    private int start(Optional<Integer> haltAt) throws Exception {
        List<String> properties = new ArrayList<>(List.of(
                "-Dquarkus.http.port=0", "-Dcatalyst.catalog.path=../blueprints", "-Dcatalyst.data-dir=" + data));
        haltAt.ifPresent(n -> properties.add("-Dcatalyst.events.halt-before-publish=" + n));
        server = ServerProcess.start(moduleDir, properties);
        Optional<String> listening =
                server.awaitLine(line -> LISTENING.matcher(line).find(), DEADLINE);
        assertThat(listening)
                .as("a 'Listening on' line; output:%n%s", String.join("\n", server.output()))
                .isPresent();
        Matcher m = LISTENING.matcher(listening.get());
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));
        if (token == null) {
            token = server.signInAsAdmin(port);
        }
        return port;
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void shouldPublishEveryCommitExactlyOnceAcrossHardStopsBetweenCommitAndPublish() throws Exception {
        // Given: each cycle halts on its third publish: an install whose commit is in Git but not on the spine
        int installs = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            int port = start(Optional.of(3));
            if (cycle == 0) {
                assertThat(post(port, "/api/v1/orgs", "{\"name\":\"acme\",\"displayName\":\"Acme\"}")
                                .statusCode())
                        .isEqualTo(201);
                assertThat(post(port, BASE, "{\"name\":\"prod\"}").statusCode()).isEqualTo(201);
            }
            for (int i = 0; ; i++) {
                HttpResponse<String> response;
                try {
                    response = post(
                            port,
                            BASE + "/prod/applications",
                            "{\"name\":\"app-" + cycle + "-" + i + "\",\"blueprint\":\"valkey\"}");
                } catch (java.io.IOException halted) {
                    break; // the process halted while committing this one
                }
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                installs++;
            }
            assertThat(server.awaitExit(DEADLINE)).isTrue();
            assertThat(server.exitValue()).isEqualTo(137);
            server = null;
        }

        // When: a last start without faults; its recovery pass publishes what the halts left out
        int port = start(Optional.empty());

        // Then: one event per commit (the Environment's creation, and each install, the halted ones included)
        List<String> commits = new ArrayList<>();
        get(port, BASE + "/prod/commits?limit=500")
                .forEach(c -> commits.add(c.get("commit").asText()));
        assertThat(commits.size()).isGreaterThan(installs);
        Map<String, Integer> eventsPerCommit = new HashMap<>();
        List<String> events = readEvents(port, commits.size());
        for (String data : events) {
            String commit = JSON.readTree(data).at("/event/commitId").asText();
            eventsPerCommit.merge(commit, 1, Integer::sum);
        }
        assertThat(eventsPerCommit.keySet()).containsExactlyInAnyOrderElementsOf(commits);
        assertThat(eventsPerCommit.values()).containsOnly(1);

        // And: the read model holds exactly the Applications of the repository, all committed
        TreeSet<String> inGit = new TreeSet<>();
        get(port, BASE + "/prod/applications")
                .forEach(a -> inGit.add(a.get("name").asText()));
        TreeSet<String> inReadModel = new TreeSet<>();
        get(port, BASE + "/prod/status").get("applications").forEach(a -> {
            inReadModel.add(a.get("name").asText());
            assertThat(a.get("phase").asText()).isEqualTo("COMMITTED");
        });
        assertThat(inReadModel).isEqualTo(inGit).hasSize(commits.size() - 1);
    }

    /**
     * Every event of the stream from its start, as SSE data: waits for {@code count}, then fails if more arrive within
     * half a second (a repeat would come right behind).
     */
    private List<String> readEvents(int port, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + BASE + "/prod/events"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .header("Last-Event-ID", "0")
                .build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<String> events = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data:") && line.contains("\"event\"")) {
                        synchronized (events) {
                            events.add(line.substring(5).strip());
                        }
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closed the stream
            }
        });
        await().atMost(DEADLINE).until(() -> {
            synchronized (events) {
                return events.size() >= count;
            }
        });
        // anything repeated would arrive right behind: the count must hold still for a moment
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> {
            synchronized (events) {
                return events.size() == count;
            }
        });
        response.body().close();
        reader.join(Duration.ofSeconds(10));
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
