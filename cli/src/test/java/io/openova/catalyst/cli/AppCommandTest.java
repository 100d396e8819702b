package io.openova.catalyst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app and env commands against a stand-in server that records requests and answers what each test says. */
class AppCommandTest {
    private static final String OUTCOME = """
            {"operationId":"op-1","action":"install","commit":"abc123","changed":true,"preview":false,"replayed":false,
             "diff":[{"path":"resources/db/helmrelease.yaml","change":"added","diff":"--- /dev/null\\n+++ b/x\\n"}],
             "applications":[]}""";

    private StandInServer server;

    @BeforeEach
    void startServer() {
        server = StandInServer.start();
        server.fallback(201, "application/json", OUTCOME);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private String url() {
        return server.url();
    }

    private BlueprintCommandTest.Run catalyst(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new BlueprintCommandTest.Run(exit, out.toString(), err.toString());
    }

    private static JsonNode json(String body) throws IOException {
        return ApiClient.json().readTree(body);
    }

    @Test
    void shouldSendTheTokenAsBearerWhenTokenIsGiven() {
        // When
        BlueprintCommandTest.Run run = catalyst(
                "app",
                "install",
                "db",
                "--blueprint",
                "cnpg",
                "--org",
                "acme",
                "--env",
                "dev",
                "--server",
                url(),
                "--token",
                "tok-123");

        // Then
        assertThat(run.exit()).isZero();
        assertThat(server.requests().getFirst().authorization()).isEqualTo("Bearer tok-123");
    }

    @Test
    void shouldPrintOneLineWithTheWayToLogInWhenServerAnswersUnauthenticated() {
        // Given
        server.fallback(
                401,
                "application/problem+json",
                "{\"title\":\"Authentication required\",\"status\":401,\"detail\":\"authentication is required\"}");

        // When
        BlueprintCommandTest.Run run = catalyst(
                "app", "install", "db", "--blueprint", "cnpg", "--org", "acme", "--env", "dev", "--server", url());

        // Then
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("401", "authentication is required", "catalyst login");
        assertThat(server.requests().getFirst().authorization()).isNull();
    }

    @Test
    void shouldPostAnOrganizationWithItsQuotaWhenOrgCreateIsRun() throws IOException {
        // When
        BlueprintCommandTest.Run run = catalyst(
                "org",
                "create",
                "acme",
                "--display-name",
                "Acme Inc",
                "--max-environments",
                "3",
                "--server",
                url(),
                "--token",
                "admin-token");

        // Then
        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).containsExactly("created Organization acme");
        StandInServer.Recorded request = server.requests().getFirst();
        assertThat(request.uri()).isEqualTo("/api/v1/orgs");
        assertThat(request.authorization()).isEqualTo("Bearer admin-token");
        assertThat(json(request.body()))
                .isEqualTo(json("{\"name\":\"acme\",\"displayName\":\"Acme Inc\",\"quota\":{\"maxEnvironments\":3}}"));
    }

    @Test
    void shouldPrintTheRefusalOnOneLineWhenOrgCreateIsForbidden() {
        // Given
        server.fallback(
                403,
                "application/problem+json",
                "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"your roles do not allow organization manage\"}");

        // When
        BlueprintCommandTest.Run run =
                catalyst("org", "create", "acme", "--display-name", "Acme", "--server", url(), "--token", "dev-token");

        // Then
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).contains("403", "your roles do not allow organization manage");
    }

    @Test
    void shouldPostAnInstallWithTheConfigBuiltFromSetsAndAFile(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("values.json"), "{\"storage\": {\"size\": \"20Gi\"}}");

        BlueprintCommandTest.Run run = catalyst(
                "app",
                "install",
                "db",
                "--blueprint",
                "cnpg",
                "--org",
                "acme",
                "--env",
                "dev",
                "--server",
                url(),
                "-f",
                values.toString(),
                "--set",
                "instances=5",
                "--set",
                "storage.storageClass=fast",
                "--idempotency-key",
                "k-1");

        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).containsExactly("install: committed abc123 (operation op-1)");
        StandInServer.Recorded request = server.requests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri()).isEqualTo("/api/v1/orgs/acme/environments/dev/applications");
        assertThat(request.idempotencyKey()).isEqualTo("k-1");
        assertThat(json(request.body()))
                .isEqualTo(json("{\"name\":\"db\",\"blueprint\":\"cnpg\",\"config\":{\"storage\":{\"size\":\"20Gi\","
                        + "\"storageClass\":\"fast\"},\"instances\":5}}"));
    }

    @Test
    void shouldAskForAPreviewAndPrintTheDiff() {
        server.fallback(200, "application/json", OUTCOME.replace("\"preview\":false", "\"preview\":true"));

        BlueprintCommandTest.Run run = catalyst(
                "app", "preview", "db", "--blueprint", "cnpg", "--org", "acme", "--env", "dev", "--server", url());

        assertThat(run.exit()).isZero();
        assertThat(server.requests().getFirst().uri())
                .isEqualTo("/api/v1/orgs/acme/environments/dev/applications?preview=true");
        assertThat(run.outLines())
                .containsExactly("preview of install: 1 files would change", "--- /dev/null", "+++ b/x");
    }

    @Test
    void shouldPrintEveryViolationOnOneLineAndExitOneWhenTheServerRefuses() {
        server.fallback(422, "application/problem+json", """
                {"title":"Invalid config","status":422,"detail":"2 problems","errors":[
                 {"pointer":"/config/instances","detail":"must have a minimum value of 1"},
                 {"pointer":"/config/bogus","detail":"unknown field 'bogus'"}]}""");

        BlueprintCommandTest.Run run = catalyst(
                "app",
                "install",
                "db",
                "--blueprint",
                "cnpg",
                "--org",
                "acme",
                "--env",
                "dev",
                "--server",
                url(),
                "--set",
                "instances=0",
                "--set",
                "bogus=1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("catalyst: 422 Invalid config: /config/instances: must have a minimum value of 1;"
                        + " /config/bogus: unknown field 'bogus'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldSendUpgradeReconfigureAndUninstallToTheirRoutes() {
        server.fallback(200, "application/json", OUTCOME);

        catalyst("app", "upgrade", "db", "--version", "1.1.0", "--org", "acme", "--env", "dev", "--server", url());
        catalyst(
                "app",
                "reconfigure",
                "db",
                "--set",
                "instances=2",
                "--org",
                "acme",
                "--env",
                "dev",
                "--server",
                url(),
                "--preview");
        catalyst("app", "uninstall", "db", "--org", "acme", "--env", "dev", "--server", url());

        assertThat(server.requests())
                .extracting(StandInServer.Recorded::method, StandInServer.Recorded::uri)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "POST", "/api/v1/orgs/acme/environments/dev/applications/db/upgrade"),
                        org.assertj.core.groups.Tuple.tuple(
                                "PUT", "/api/v1/orgs/acme/environments/dev/applications/db?preview=true"),
                        org.assertj.core.groups.Tuple.tuple(
                                "DELETE", "/api/v1/orgs/acme/environments/dev/applications/db"));
    }

    @Test
    void shouldRefuseASetWithoutAnEqualsSign() {
        BlueprintCommandTest.Run run = catalyst(
                "app",
                "install",
                "db",
                "--blueprint",
                "cnpg",
                "--org",
                "acme",
                "--env",
                "dev",
                "--server",
                url(),
                "--set",
                "instances");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("catalyst: --set 'instances': expected KEY=VALUE");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void shouldSayWhenTheServerCannotBeReached() {
        server.close();

        BlueprintCommandTest.Run run =
                catalyst("app", "uninstall", "db", "--org", "acme", "--env", "dev", "--server", url());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines())
                .containsExactly("catalyst: cannot reach the Catalyst server at " + url()
                        + " (is './catalyst server' running?)");
    }

    @Test
    void shouldExitTwoWhenTheEnvironmentIsMissing() {
        BlueprintCommandTest.Run run = catalyst("app", "list", "--org", "acme", "--server", url());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required argument");
    }

    @Test
    void shouldListApplications() {
        server.fallback(
                200,
                "application/json",
                "[{\"name\":\"db\",\"blueprint\":\"cnpg\",\"version\":\"1.0.0\"},"
                        + "{\"name\":\"ai-vllm\",\"blueprint\":\"vllm\",\"version\":\"1.0.0\",\"partOf\":\"ai\"}]");

        BlueprintCommandTest.Run run = catalyst("app", "list", "--org", "acme", "--env", "dev", "--server", url());

        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.outLines().get(2).split("\\s+")).containsExactly("ai-vllm", "vllm", "1.0.0", "ai");
    }

    @Test
    void shouldCreateAnEnvironment() {
        server.fallback(
                201,
                "application/json",
                "{\"environment\":{\"organization\":\"acme\",\"name\":\"dev\",\"repository\":\"/git/acme/dev.git\"},"
                        + "\"commit\":\"c0ffee\"}");

        BlueprintCommandTest.Run run = catalyst("env", "create", "dev", "--org", "acme", "--server", url());

        assertThat(run.exit()).isZero();
        assertThat(run.outLines())
                .containsExactly("created acme/dev at c0ffee; clone it from " + url() + "/git/acme/dev.git");
        assertThat(server.requests().getFirst().body()).isEqualTo("{\"name\":\"dev\"}");
    }
}
