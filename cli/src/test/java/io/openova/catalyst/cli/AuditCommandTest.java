package io.openova.catalyst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code catalyst audit} against a stand-in server that answers each request (path and query) as the test says, with
 * relative {@code Link}s like the server's.
 */
class AuditCommandTest {
    private static final String ENTRY = """
            {"time":"2026-11-22T10:00:0%dZ","organization":"acme","actor":"alice","action":"application.install",\
            "result":"success","status":201,"target":"/api/v1/orgs/acme/environments/prod/applications",\
            "operationId":"op-%d"}""";

    private StandInServer server;

    @BeforeEach
    void startServer() {
        server = StandInServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private BlueprintCommandTest.Run audit(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(
                        Stream.of("audit", "--server", server.url(), "--token", "tok"), Stream.of(arguments))
                .toArray(String[]::new);
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new BlueprintCommandTest.Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldSendTheFiltersAndPrintOneLinePerEntryWhenAskedForAnOrganizationsLog() {
        // Given
        String request = "/api/v1/orgs/acme/audit?limit=2&actor=alice&action=application.install&result=success"
                + "&environment=prod&since=2026-11-22T00%3A00%3A00Z";
        server.answer(request, 200, "[" + ENTRY.formatted(2, 2) + "," + ENTRY.formatted(1, 1) + "]");

        // When
        BlueprintCommandTest.Run run = audit(
                "--org",
                "acme",
                "--limit",
                "2",
                "--actor",
                "alice",
                "--action",
                "application.install",
                "--result",
                "success",
                "--env",
                "prod",
                "--since",
                "2026-11-22T00:00:00Z");

        // Then
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(server.requests()).extracting(StandInServer.Recorded::uri).containsExactly(request);
        assertThat(run.out().lines())
                .containsExactly(
                        "2026-11-22T10:00:02Z  acme  alice  application.install  success 201"
                                + "  /api/v1/orgs/acme/environments/prod/applications  op-2",
                        "2026-11-22T10:00:01Z  acme  alice  application.install  success 201"
                                + "  /api/v1/orgs/acme/environments/prod/applications  op-1");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldTellHowToGetTheNextPageWhenTheLogHasMore() {
        // Given
        server.answer(
                "/api/v1/audit?limit=1",
                200,
                "[" + ENTRY.formatted(2, 2) + "]",
                "/api/v1/audit?limit=1&cursor=1795341602.0%7Eacme%7E7");

        // When
        BlueprintCommandTest.Run run = audit("--limit", "1");

        // Then
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().lines()).hasSize(1);
        assertThat(run.err().strip()).isEqualTo("more entries: add --cursor 1795341602.0~acme~7 (or --all)");
    }

    @Test
    void shouldFollowEveryPageWhenAllIsGiven() {
        // Given
        server.answer(
                "/api/v1/audit?limit=1", 200, "[" + ENTRY.formatted(2, 2) + "]", "/api/v1/audit?limit=1&cursor=c1");
        server.answer("/api/v1/audit?limit=1&cursor=c1", 200, "[" + ENTRY.formatted(1, 1) + "]");

        // When
        BlueprintCommandTest.Run run = audit("--limit", "1", "--all");

        // Then
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().lines()).hasSize(2).last().asString().endsWith("op-1");
        assertThat(server.requests())
                .extracting(StandInServer.Recorded::uri)
                .containsExactly("/api/v1/audit?limit=1", "/api/v1/audit?limit=1&cursor=c1");
    }

    @Test
    void shouldPrintTheServersRefusalOnOneLineAndFailWhenAParameterIsInvalid() {
        // Given
        server.answer("/api/v1/audit?result=maybe", 400, """
                {"title":"Bad request","status":400,"errors":[{"parameter":"result",\
                "detail":"must be one of failed, refused, success, got 'maybe'"}]}""");

        // When
        BlueprintCommandTest.Run run = audit("--result", "maybe");

        // Then
        assertThat(run.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err().strip())
                .isEqualTo("catalyst: 400 Bad request: result: must be one of failed, refused, success, got 'maybe'");
        assertThat(run.out()).isEmpty();
    }
}
