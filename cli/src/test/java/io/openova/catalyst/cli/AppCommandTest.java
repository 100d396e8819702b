package io.openova.catalyst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    record Recorded(String method, String path, String idempotencyKey, String body, String authorization) {}

    private HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 201;
    private volatile String contentType = "application/json";
    private volatile String answer = OUTCOME;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Recorded(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    body,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
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
        assertThat(requests.getFirst().authorization()).isEqualTo("Bearer tok-123");
    }

    @Test
    void shouldPrintOneLineWithTheWayToLogInWhenServerAnswersUnauthenticated() {
        // Given
        status = 401;
        contentType = "application/problem+json";
        answer = "{\"title\":\"Authentication required\",\"status\":401,\"detail\":\"authentication is required\"}";

        // When
        BlueprintCommandTest.Run run = catalyst(
                "app", "install", "db", "--blueprint", "cnpg", "--org", "acme", "--env", "dev", "--server", url());

        // Then
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("401", "authentication is required", "catalyst login");
        assertThat(requests.getFirst().authorization()).isNull();
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
        Recorded request = requests.getFirst();
        assertThat(request.path()).isEqualTo("/api/v1/orgs");
        assertThat(request.authorization()).isEqualTo("Bearer admin-token");
        assertThat(json(request.body()))
                .isEqualTo(json("{\"name\":\"acme\",\"displayName\":\"Acme Inc\",\"quota\":{\"maxEnvironments\":3}}"));
    }

    @Test
    void shouldPrintTheRefusalOnOneLineWhenOrgCreateIsForbidden() {
        // Given
        status = 403;
        contentType = "application/problem+json";
        answer = "{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"your roles do not allow organization manage\"}";

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
        Recorded request = requests.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/orgs/acme/environments/dev/applications");
        assertThat(request.idempotencyKey()).isEqualTo("k-1");
        assertThat(json(request.body()))
                .isEqualTo(json("{\"name\":\"db\",\"blueprint\":\"cnpg\",\"config\":{\"storage\":{\"size\":\"20Gi\","
                        + "\"storageClass\":\"fast\"},\"instances\":5}}"));
    }

    @Test
    void shouldAskForAPreviewAndPrintTheDiff() {
        answer = OUTCOME.replace("\"preview\":false", "\"preview\":true");
        status = 200;

        BlueprintCommandTest.Run run = catalyst(
                "app", "preview", "db", "--blueprint", "cnpg", "--org", "acme", "--env", "dev", "--server", url());

        assertThat(run.exit()).isZero();
        assertThat(requests.getFirst().path())
                .isEqualTo("/api/v1/orgs/acme/environments/dev/applications?preview=true");
        assertThat(run.outLines())
                .containsExactly("preview of install: 1 files would change", "--- /dev/null", "+++ b/x");
    }

    @Test
    void shouldPrintEveryViolationOnOneLineAndExitOneWhenTheServerRefuses() {
        status = 422;
        contentType = "application/problem+json";
        answer = """
                {"title":"Invalid config","status":422,"detail":"2 problems","errors":[
                 {"pointer":"/config/instances","detail":"must have a minimum value of 1"},
                 {"pointer":"/config/bogus","detail":"unknown field 'bogus'"}]}""";

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
        status = 200;

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

        assertThat(requests)
                .extracting(Recorded::method, Recorded::path)
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
        assertThat(requests).isEmpty();
    }

    @Test
    void shouldSayWhenTheServerCannotBeReached() {
        server.stop(0);

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
        status = 200;
        answer = "[{\"name\":\"db\",\"blueprint\":\"cnpg\",\"version\":\"1.0.0\"},"
                + "{\"name\":\"ai-vllm\",\"blueprint\":\"vllm\",\"version\":\"1.0.0\",\"partOf\":\"ai\"}]";

        BlueprintCommandTest.Run run = catalyst("app", "list", "--org", "acme", "--env", "dev", "--server", url());

        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.outLines().get(2).split("\\s+")).containsExactly("ai-vllm", "vllm", "1.0.0", "ai");
    }

    @Test
    void shouldCreateAnEnvironment() {
        answer = "{\"environment\":{\"organization\":\"acme\",\"name\":\"dev\",\"repository\":\"/git/acme/dev.git\"},"
                + "\"commit\":\"c0ffee\"}";

        BlueprintCommandTest.Run run = catalyst("env", "create", "dev", "--org", "acme", "--server", url());

        assertThat(run.exit()).isZero();
        assertThat(run.outLines())
                .containsExactly("created acme/dev at c0ffee; clone it from " + url() + "/git/acme/dev.git");
        assertThat(requests.getFirst().body()).isEqualTo("{\"name\":\"dev\"}");
    }
}
