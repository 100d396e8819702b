package io.openova.catalyst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code catalyst org create} and {@code catalyst env create} against a stand-in server. */
class OrgAndEnvCommandTest {
    record Recorded(String method, String path, String body, String authorization) {}

    private HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(new Recorded(
                    exchange.getRequestMethod(),
                    path,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] bytes = answers.getOrDefault(path, "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(statuses.getOrDefault(path, 201), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private BlueprintCommandTest.Run run(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(
                        Stream.of(arguments),
                        Stream.of(
                                "--server",
                                "http://127.0.0.1:" + server.getAddress().getPort(),
                                "--token",
                                "tok"))
                .toArray(String[]::new);
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new BlueprintCommandTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldSendTheOrganizationWithItsQuotaWhenCreatingOne() {
        // When
        BlueprintCommandTest.Run run = run(
                "org",
                "create",
                "acme",
                "--display-name",
                "Acme Inc",
                "--tier",
                "ENTERPRISE",
                "--max-environments",
                "7");

        // Then
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().strip()).isEqualTo("created Organization acme");
        assertThat(requests).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/api/v1/orgs");
            assertThat(request.authorization()).isEqualTo("Bearer tok");
            assertThat(request.body())
                    .isEqualTo("{\"name\":\"acme\",\"displayName\":\"Acme Inc\",\"tier\":\"ENTERPRISE\","
                            + "\"quota\":{\"maxEnvironments\":7}}");
        });
    }

    @Test
    void shouldPrintTheRefusalOnOneLineAndFailWhenTheOrganizationExists() {
        // Given
        statuses.put("/api/v1/orgs", 409);
        answers.put(
                "/api/v1/orgs", "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"Organization 'acme' exists\"}");

        // When
        BlueprintCommandTest.Run run = run("org", "create", "acme", "--display-name", "Acme");

        // Then
        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err().strip()).isEqualTo("catalyst: 409 Conflict: Organization 'acme' exists");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldTellWhereToCloneTheEnvironmentWhenCreated() {
        // Given
        answers.put(
                "/api/v1/orgs/acme/environments",
                "{\"commit\":\"abc123\",\"environment\":{\"name\":\"dev\",\"repository\":\"/git/acme/dev.git\"}}");

        // When
        BlueprintCommandTest.Run run = run("env", "create", "dev", "--org", "acme");

        // Then
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().strip())
                .isEqualTo("created acme/dev at abc123; clone it from http://127.0.0.1:"
                        + server.getAddress().getPort() + "/git/acme/dev.git");
        assertThat(requests).singleElement().extracting(Recorded::body).isEqualTo("{\"name\":\"dev\"}");
    }

    @Test
    void shouldNameTheFieldAndFailWhenTheEnvironmentNameIsRefused() {
        // Given
        statuses.put("/api/v1/orgs/acme/environments", 400);
        answers.put(
                "/api/v1/orgs/acme/environments",
                "{\"title\":\"Bad request\",\"status\":400,\"errors\":[{\"pointer\":\"/name\","
                        + "\"detail\":\"'Dev_1' is not a DNS-1123 label\"}]}");

        // When
        BlueprintCommandTest.Run run = run("env", "create", "Dev_1", "--org", "acme");

        // Then
        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err().strip()).isEqualTo("catalyst: 400 Bad request: /name: 'Dev_1' is not a DNS-1123 label");
    }

    @Test
    void shouldRefuseWithUsageWhenTheDisplayNameIsMissing() {
        // When
        BlueprintCommandTest.Run run = run("org", "create", "acme");

        // Then
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required option: '--display-name");
        assertThat(requests).isEmpty();
    }
}
