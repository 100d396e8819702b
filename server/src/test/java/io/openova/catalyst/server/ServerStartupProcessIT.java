package io.openova.catalyst.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server as operators run it: {@code java -jar target/quarkus-app/quarkus-run.jar}. */
class ServerStartupProcessIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^\\s:]+:(\\d+)");
    private static final Set<String> DATA_SERVICES =
            Set.of("cnpg", "ferretdb", "strimzi", "valkey", "clickhouse", "opensearch", "bp-fabric");

    /** Valid as far as the schema goes; line 11 names a license that does not exist. */
    private static final String BROKEN = """
            apiVersion: catalyst.openova.io/v1alpha1
            kind: Blueprint
            metadata:
              name: broken
            spec:
              displayName: Broken
              summary: A Blueprint with an unknown license.
              version: 1.0.0
              category: data-services
              placement: [application]
              license: Sovereign-1.0
              provenance: openova
              configSchema:
                type: object
            """;

    private final Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath();

    @TempDir
    Path catalog;

    @TempDir
    Path data;

    private ServerProcess server;

    @BeforeEach
    void requirePackagedServer() {
        assertThat(ServerProcess.jar(moduleDir)).as("run after 'package'").isRegularFile();
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void shouldExitNonZeroNamingFileAndLineWhenCatalogHasABrokenBlueprint() throws Exception {
        // Given
        Path folder = Files.createDirectories(catalog.resolve("broken"));
        Path broken = Files.writeString(folder.resolve("blueprint.yaml"), BROKEN);

        // When
        server = ServerProcess.start(
                moduleDir,
                List.of("-Dquarkus.http.port=0", "-Dcatalyst.catalog.path=" + catalog, "-Dcatalyst.data-dir=" + data));
        boolean exited = server.awaitExit(DEADLINE);

        // Then
        assertThat(exited).as("server exited within %s", DEADLINE).isTrue();
        assertThat(server.exitValue()).isNotZero();
        assertThat(server.output())
                .as("server output")
                .anySatisfy(line -> assertThat(line)
                        .startsWith(broken + ":11: spec.license: ")
                        .contains("'Sovereign-1.0'"))
                .noneSatisfy(line -> assertThat(line).contains("Listening on"));
    }

    @Test
    void shouldServeDataServicesWhenStartedOnTheBuiltInCatalog() throws Exception {
        // Given
        server = ServerProcess.start(
                moduleDir,
                List.of(
                        "-Dquarkus.http.port=0",
                        "-Dcatalyst.catalog.path=../blueprints",
                        "-Dcatalyst.data-dir=" + data));
        int port = port(server.awaitLine(line -> LISTENING.matcher(line).find(), DEADLINE));
        String token = server.signInAsAdmin(port);

        // When
        HttpResponse<String> response;
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/blueprints?category=data-services"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        }

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        Set<String> names = new HashSet<>();
        body.get("items").forEach(item -> names.add(item.get("name").asText()));
        assertThat(names).isEqualTo(DATA_SERVICES);
        assertThat(body.get("totalItems").asInt()).isEqualTo(DATA_SERVICES.size());
    }

    private int port(Optional<String> listening) {
        assertThat(listening)
                .as("a 'Listening on' line within %s; output:%n%s", DEADLINE, String.join("\n", server.output()))
                .isPresent();
        Matcher matcher = LISTENING.matcher(listening.orElseThrow());
        assertThat(matcher.find()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
