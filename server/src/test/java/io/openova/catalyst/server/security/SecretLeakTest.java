package io.openova.catalyst.server.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.server.provisioning.DataConfig;
import io.openova.catalyst.server.provisioning.ProvisioningApi;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.SpineMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;

/**
 * Secret values of Blueprint config reach the secret store and nowhere else: not Git (every file of every commit,
 * every message), not the event stream (audit included), not the read models, not an API answer (SSE included), not
 * the server's log, and not in plain text in any file of the data directory.
 */
@QuarkusTest
class SecretLeakTest {
    private static final String FIRST = "Leak-Canary-1-7f3a9c";
    private static final String SECOND = "Leak-Canary-2-b81e40";

    @Inject
    EventSpine spine;

    @Inject
    DataConfig data;

    @Test
    void shouldKeepSecretValuesOutOfGitEventsAnswersLogsAndFilesWhenInstalledAndReconfigured() throws Exception {
        // Given
        String org = ProvisioningApi.uniqueName("leak");
        ProvisioningApi.givenEnvironment(org, "prod");
        ProvisioningApi.givenInstalled(
                org, "prod", Map.of("name", "db", "blueprint", "cnpg", "config", Map.of("superuserPassword", FIRST)));
        var reconfigured = given().contentType(ContentType.JSON)
                .body(Map.of("config", Map.of("superuserPassword", SECOND)))
                .put(ProvisioningApi.application(org, "prod", "db"));
        assertThat(reconfigured.statusCode()).as(reconfigured.asString()).isIn(200, 201);

        // When
        List<String> places = new ArrayList<>();
        String base = ProvisioningApi.environments(org) + "/prod";
        for (String path : List.of(
                ProvisioningApi.applications(org, "prod"),
                ProvisioningApi.application(org, "prod", "db"),
                ProvisioningApi.commits(org, "prod"),
                base + "/status",
                base + "/operations",
                "/api/v1/orgs/" + org + "/audit",
                "/api/v1/audit")) {
            places.add(path + ": " + given().get(path).asString());
        }
        places.add("the preview: "
                + given().contentType(ContentType.JSON)
                        .body(Map.of("config", Map.of("superuserPassword", "Preview-Canary-99")))
                        .put(ProvisioningApi.application(org, "prod", "db") + "?preview=true")
                        .asString()
                        .replace("Preview-Canary-99", "<the preview's own input>"));
        places.add("the SSE snapshot: " + sseSnapshot(base + "/events"));
        for (SpineMessage message : spine.read(org, 0, "catalyst." + org + ".>", EventSpine.MAX_READ)) {
            places.add("event " + message.subject() + ": " + new String(message.payload(), StandardCharsets.UTF_8) + " "
                    + message.headers());
        }
        places.addAll(gitHistory(Path.of(data.dataDir()).resolve("git")));
        places.addAll(plainFiles(Path.of(data.dataDir())));
        places.add("the server log: " + Files.readString(Path.of("target/catalyst-test.log")));

        // Then
        assertThat(places).hasSizeGreaterThan(12);
        assertThat(places).allSatisfy(place -> assertThat(place).doesNotContain(FIRST, SECOND, "Preview-Canary-99"));
    }

    /** The first answer of the event stream: the snapshot. */
    private static String sseSnapshot(String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<java.io.InputStream> response = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + path))
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + TestIdentity.sovereignAdminToken())
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                StringBuilder snapshot = new StringBuilder();
                String line;
                while ((line = lines.readLine()) != null && !(line.isEmpty() && snapshot.length() > 0)) {
                    snapshot.append(line).append('\n');
                }
                return snapshot.toString();
            }
        }
    }

    /** Every file of every commit and every commit message of every Environment repository. */
    private static List<String> gitHistory(Path git) throws IOException {
        List<String> places = new ArrayList<>();
        List<Path> repositories;
        try (Stream<Path> files = Files.walk(git)) {
            repositories = files.filter(dir -> dir.getFileName().toString().endsWith(".git"))
                    .toList();
        }
        for (Path gitDir : repositories) {
            try (Repository repository = new FileRepositoryBuilder()
                            .setGitDir(gitDir.toFile())
                            .setBare()
                            .setMustExist(true)
                            .build();
                    RevWalk walk = new RevWalk(repository);
                    ObjectReader reader = repository.newObjectReader()) {
                for (Ref ref : repository.getRefDatabase().getRefs()) {
                    walk.markStart(walk.parseCommit(ref.getObjectId()));
                }
                for (RevCommit commit : walk) {
                    places.add("message of " + commit.name() + ": " + commit.getFullMessage());
                    try (TreeWalk tree = new TreeWalk(reader)) {
                        tree.addTree(commit.getTree());
                        tree.setRecursive(true);
                        while (tree.next()) {
                            places.add(tree.getPathString() + " at " + commit.name() + ": "
                                    + new String(
                                            reader.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return places;
    }

    /** Every file of the data directory, as bytes read as text (databases, keys, Git's own files). */
    private static List<String> plainFiles(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> {
                        try {
                            return file + ": " + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                        } catch (IOException e) {
                            return file + ": unreadable " + e.getMessage();
                        }
                    })
                    .toList();
        }
    }
}
