package io.openova.catalyst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code catalyst login} against a stand-in server. */
class LoginCommandTest {
    private StandInServer server;
    private InputStream stdin;

    @BeforeEach
    void startServer() {
        stdin = System.in;
        server = StandInServer.start();
    }

    @AfterEach
    void stopServer() {
        System.setIn(stdin);
        server.close();
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
                server.url());
        return new BlueprintCommandTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldPrintOnlyTheTokenWhenPasswordIsRight() {
        // Given
        server.answer("/api/v1/session", 200, "{\"token\":\"tok-1\",\"mustChangePassword\":false}");

        // When
        BlueprintCommandTest.Run run = login("s3cret-password\n");

        // Then
        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).containsExactly("tok-1");
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().getFirst().body())
                .contains("\"username\":\"admin\"", "\"password\":\"s3cret-password\"");
    }

    @Test
    void shouldSetTheNewPasswordFromTheSecondLineWhenPasswordMustChange() {
        // Given
        server.answer("/api/v1/session", 200, "{\"token\":\"tok-once\",\"mustChangePassword\":true}");
        server.answer("/api/v1/session/password", 200, "{\"token\":\"tok-2\",\"mustChangePassword\":false}");

        // When
        BlueprintCommandTest.Run run = login("one-time-pw\nnew-password-123\n");

        // Then
        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).containsExactly("tok-2");
        StandInServer.Recorded change = server.requests().get(1);
        assertThat(change.uri()).isEqualTo("/api/v1/session/password");
        assertThat(change.authorization()).isEqualTo("Bearer tok-once");
        assertThat(change.body())
                .contains("\"currentPassword\":\"one-time-pw\"", "\"newPassword\":\"new-password-123\"");
    }

    @Test
    void shouldFailWithOneLineWhenPasswordMustChangeAndNoNewOneIsGiven() {
        // Given
        server.answer("/api/v1/session", 200, "{\"token\":\"tok-once\",\"mustChangePassword\":true}");

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
        server.answer(
                "/api/v1/session",
                401,
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
        assertThat(server.requests()).isEmpty();
    }
}
