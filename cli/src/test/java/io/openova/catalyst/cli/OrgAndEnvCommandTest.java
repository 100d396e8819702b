package io.openova.catalyst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code catalyst org create} and {@code catalyst env create} against a stand-in server: what AppCommandTest leaves
 * out (the Organization's body, a conflict, a refused name, a usage error).
 */
class OrgAndEnvCommandTest {
    private StandInServer server;

    @BeforeEach
    void startServer() {
        server = StandInServer.start();
        server.fallback(201, "application/json", "{}");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private BlueprintCommandTest.Run run(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of(arguments), Stream.of("--server", server.url(), "--token", "tok"))
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
        assertThat(server.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/api/v1/orgs");
            assertThat(request.authorization()).isEqualTo("Bearer tok");
            assertThat(request.body())
                    .isEqualTo("{\"name\":\"acme\",\"displayName\":\"Acme Inc\",\"tier\":\"ENTERPRISE\","
                            + "\"quota\":{\"maxEnvironments\":7}}");
        });
    }

    @Test
    void shouldPrintTheRefusalOnOneLineAndFailWhenTheOrganizationExists() {
        // Given
        server.answer(
                "/api/v1/orgs",
                409,
                "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"Organization 'acme' exists\"}");

        // When
        BlueprintCommandTest.Run run = run("org", "create", "acme", "--display-name", "Acme");

        // Then
        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err().strip()).isEqualTo("catalyst: 409 Conflict: Organization 'acme' exists");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldNameTheFieldAndFailWhenTheEnvironmentNameIsRefused() {
        // Given
        server.answer(
                "/api/v1/orgs/acme/environments",
                400,
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
        assertThat(server.requests()).isEmpty();
    }
}
