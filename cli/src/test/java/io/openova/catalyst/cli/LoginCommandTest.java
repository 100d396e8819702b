package io.openova.catalyst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code catalyst login} against a stand-in server that answers each path as the test says. */
class LoginCommandTest {
    record Recorded(String path, String body, String authorization) {}

    private HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private InputStream stdin;

    @BeforeEach
    void startServer() throws IOException {
        stdin = System.in;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(new Recorded(
                    path,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] bytes = answers.getOrDefault(path, "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(statuses.getOrDefault(path, 200), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        System.setIn(stdin);
        server.stop(0);
    }

    private BlueprintCommandTest.Run login(String input) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "login",
                "--username",
                "admin",
                "--server",
                "http://127.0.0.1:" + server.getAddress().getPort());
        return new BlueprintCommandTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldPrintOnlyTheTokenWhenPasswordIsRight() {
        // Given
        answers.put("/api/v1/session", "{\"token\":\"tok-1\",\"mustChangePassword\":false}");

        // When
        BlueprintCommandTest.Run run = login("s3cret-password\n");

        // Then
        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).containsExactly("tok-1");
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst().body()).contains("\"username\":\"admin\"", "\"password\":\"s3cret-password\"");
    }

    @Test
    void shouldSetTheNewPasswordFromTheSecondLineWhenPasswordMustChange() {
        // Given
        answers.put("/api/v1/session", "{\"token\":\"tok-once\",\"mustChangePassword\":true}");
        answers.put("/api/v1/session/password", "{\"token\":\"tok-2\",\"mustChangePassword\":false}");

        // When
        BlueprintCommandTest.Run run = login("one-time-pw\nnew-password-123\n");

        // Then
        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).containsExactly("tok-2");
        Recorded change = requests.get(1);
        assertThat(change.path()).isEqualTo("/api/v1/session/password");
        assertThat(change.authorization()).isEqualTo("Bearer tok-once");
        assertThat(change.body())
                .contains("\"currentPassword\":\"one-time-pw\"", "\"newPassword\":\"new-password-123\"");
    }

    @Test
    void shouldFailWithOneLineWhenPasswordMustChangeAndNoNewOneIsGiven() {
        // Given
        answers.put("/api/v1/session", "{\"token\":\"tok-once\",\"mustChangePassword\":true}");

        // When
        BlueprintCommandTest.Run run = login("one-time-pw\n");

        // Then
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).contains("second line");
    }

    @Test
    void shouldFailWithTheServersReasonWhenPasswordIsWrong() {
        // Given
        statuses.put("/api/v1/session", 401);
        answers.put(
                "/api/v1/session",
                "{\"title\":\"Login failed\",\"status\":401,\"detail\":\"wrong username or password\"}");

        // When
        BlueprintCommandTest.Run run = login("nope\n");

        // Then
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).contains("wrong username or password").doesNotContain("nope");
    }

    @Test
    void shouldFailWithoutCallingTheServerWhenStandardInputIsEmpty() {
        // When
        BlueprintCommandTest.Run run = login("");

        // Then
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no password on standard input");
        assertThat(requests).isEmpty();
    }
}
