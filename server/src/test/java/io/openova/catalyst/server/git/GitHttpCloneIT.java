package io.openova.catalyst.server.git;

import static io.openova.catalyst.server.provisioning.ProvisioningApi.assertProblem;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.commitIds;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenInstalled;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.history;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.openova.catalyst.identity.Role;
import io.openova.catalyst.server.provisioning.ProvisioningApi;
import io.openova.catalyst.server.security.TestIdentity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Environment repositories through the real {@code git} CLI over smart HTTP: what a clone or fetch gets is exactly
 * what the API reported, and nothing can be pushed.
 */
@QuarkusTest
class GitHttpCloneIT {
    private static final long GIT_TIMEOUT_SECONDS = 60;
    private static final String PASSWORD = "Git-N0t-In-Git-4c1d8e";

    /** What an empty Environment holds (design: root, flux/ and the two empty kustomizations). */
    private static final Set<String> EMPTY_ENVIRONMENT = Set.of(
            "kustomization.yaml",
            "flux/kustomization.yaml",
            "flux/dependencies.yaml",
            "flux/resources.yaml",
            "flux/manifests.yaml",
            "dependencies/kustomization.yaml",
            "resources/kustomization.yaml",
            "manifests/kustomization.yaml");

    @TestHTTPResource("/")
    URL server;

    @TempDir
    Path work;

    private final String org = uniqueName("git");
    private Path home;
    /** The token the git CLI sends, as {@code http.extraHeader} (never in the URL); a Sovereign admin's unless a test says. */
    private Optional<String> token = Optional.empty();

    @BeforeEach
    void isolateGitFromTheMachine() throws IOException {
        token = Optional.of(TestIdentity.sovereignAdminToken());
        home = Files.createDirectories(work.resolve("home"));
        Files.writeString(home.resolve(".gitconfig"), "");
        assertThat(git(work, "--version").exitCode())
                .as("the git CLI must be installed")
                .isZero();
    }

    /** Two installs through the API, as the API answered them. */
    private record Installed(String created, JsonPath cache, JsonPath db) {}

    private Installed givenTwoApplications(String env) {
        String created = givenEnvironment(org, env);
        JsonPath cache = givenInstalled(
                org, env, Map.of("name", "cache", "blueprint", "valkey", "config", Map.of("replicas", 2)));
        JsonPath db = givenInstalled(
                org, env, Map.of("name", "db", "blueprint", "cnpg", "config", Map.of("superuserPassword", PASSWORD)));
        return new Installed(created, cache, db);
    }

    private String repositoryUrl(String org, String env) {
        return server.toString().replaceAll("/$", "") + "/git/" + org + "/" + env + ".git";
    }

    private Path cloned(String env) {
        Path clone = work.resolve("clone-" + env);
        Result result = git(work, "clone", repositoryUrl(org, env), clone.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return clone;
    }

    // ---------------------------------------------------------------- clone

    @Test
    void shouldCloneExactlyTheFilesTheApiReportedWhenTwoApplicationsAreInstalled() throws IOException {
        // Given
        Installed installed = givenTwoApplications("prod");

        // When
        Path clone = cloned("prod");

        // Then
        Map<String, String> added = new HashMap<>();
        for (JsonPath outcome : List.of(installed.cache(), installed.db())) {
            for (Map<String, String> file : outcome.<Map<String, String>>getList("diff")) {
                if ("added".equals(file.get("change"))) {
                    added.put(file.get("path"), addedContent(file.get("diff")));
                }
            }
        }
        assertThat(added)
                .containsKeys(
                        ".catalyst/applications/cache.yaml",
                        ".catalyst/applications/db.yaml",
                        "resources/cache/helmrelease.yaml",
                        "resources/db/helmrelease.yaml",
                        "resources/db/externalsecret.yaml");
        Set<String> expectedFiles = new TreeSet<>(EMPTY_ENVIRONMENT);
        expectedFiles.addAll(added.keySet());
        assertThat(files(clone)).containsExactlyInAnyOrderElementsOf(expectedFiles);
        added.forEach((path, content) ->
                assertThat(read(clone.resolve(path))).as(path).isEqualTo(content));
        assertThat(read(clone.resolve("resources/kustomization.yaml"))).contains("- cache\n", "- db\n");
        assertThat(read(clone.resolve("dependencies/kustomization.yaml"))).contains("- cache\n", "- db\n");
        assertThat(read(clone.resolve(".catalyst/applications/cache.yaml")))
                .contains("name: cache\n", "blueprint: valkey\n", "replicas: 2\n", "version: 1.0.0\n");
        assertThat(read(clone.resolve(".catalyst/applications/db.yaml"))).contains("- /superuserPassword\n");
        assertThat(files(clone))
                .allSatisfy(
                        path -> assertThat(read(clone.resolve(path))).as(path).doesNotContain(PASSWORD));
        assertThat(git(clone, "rev-parse", "HEAD").output().strip())
                .isEqualTo(installed.db().getString("commit"));
        assertThat(git(clone, "status", "--porcelain").output()).isEmpty();
    }

    @Test
    void shouldCarrySubjectsAndOperationIdsInTheLogWhenCloned() {
        // Given
        Installed installed = givenTwoApplications("prod");
        JsonPath history = history(org, "prod");
        Path clone = cloned("prod");

        // When
        Result subjects = git(clone, "log", "--format=%s");
        Result operations = git(clone, "log", "--format=%(trailers:key=Operation-Id,valueonly,separator=%x2C)");
        Result ids = git(clone, "log", "--format=%H");

        // Then
        assertThat(subjects.output().lines())
                .containsExactly(
                        "install db (cnpg 1.0.0)",
                        "install cache (valkey 1.0.0)",
                        "create environment " + org + "/prod");
        assertThat(operations.output().lines())
                .containsExactly(
                        installed.db().getString("operationId"),
                        installed.cache().getString("operationId"),
                        history.getString("[2].trailers.Operation-Id"));
        assertThat(ids.output().lines())
                .containsExactly(
                        installed.db().getString("commit"), installed.cache().getString("commit"), installed.created())
                .isEqualTo(history.getList("commit", String.class));
    }

    // ---------------------------------------------------------------- fetch

    @Test
    void shouldFetchTheNewCommitWhenAThirdApplicationIsInstalledAfterTheClone() throws IOException {
        // Given
        givenTwoApplications("prod");
        Path clone = cloned("prod");
        JsonPath third = givenInstalled(org, "prod", Map.of("name", "events", "blueprint", "strimzi"));

        // When
        Result fetch = git(clone, "fetch", "origin");

        // Then
        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        assertThat(git(clone, "rev-parse", "origin/main").output().strip()).isEqualTo(third.getString("commit"));
        assertThat(git(clone, "log", "-1", "--format=%s", "origin/main")
                        .output()
                        .strip())
                .isEqualTo("install events (strimzi 1.0.0)");
        assertThat(git(
                                clone,
                                "log",
                                "-1",
                                "--format=%(trailers:key=Operation-Id,valueonly,separator=%x2C)",
                                "origin/main")
                        .output()
                        .strip())
                .isEqualTo(third.getString("operationId"));
        Result merge = git(clone, "merge", "--ff-only", "origin/main");
        assertThat(merge.exitCode()).as(merge.toString()).isZero();
        assertThat(read(clone.resolve(".catalyst/applications/events.yaml"))).contains("blueprint: strimzi\n");
        assertThat(clone.resolve("resources/events/helmrelease.yaml")).isRegularFile();
    }

    // ---------------------------------------------------------------- push

    @Test
    void shouldRefusePushAndKeepTheRepositoryWhenAClonePushes() throws IOException {
        // Given
        givenTwoApplications("prod");
        List<String> before = commitIds(org, "prod");
        Path clone = cloned("prod");
        Files.writeString(clone.resolve(".catalyst/applications/evil.yaml"), "kind: Application\n");
        assertThat(git(clone, "add", "-A").exitCode()).isZero();
        Result commit = git(clone, "commit", "-m", "sneak in an application");
        assertThat(commit.exitCode()).as(commit.toString()).isZero();

        // When
        Result push = git(clone, "push", "origin", "HEAD:main");

        // Then
        assertThat(push.exitCode()).as(push.toString()).isNotZero();
        assertThat(push.output()).contains("403");
        assertThat(commitIds(org, "prod")).isEqualTo(before);
        assertThat(git(work, "ls-remote", repositoryUrl(org, "prod"), "refs/heads/main")
                        .output()
                        .strip())
                .startsWith(before.getFirst());
        assertThat(given().get(ProvisioningApi.applications(org, "prod"))
                        .jsonPath()
                        .getList("name", String.class))
                .containsExactly("cache", "db");
    }

    // ---------------------------------------------------------------- who may clone

    @Test
    void shouldRefuseCloneAndAskForCredentialsWhenGitSendsNone() {
        // Given
        givenEnvironment(org, "prod");
        token = Optional.empty();

        // When
        Result clone = git(
                work,
                "clone",
                repositoryUrl(org, "prod"),
                work.resolve("anonymous").toString());

        // Then
        assertThat(clone.exitCode()).as(clone.toString()).isNotZero();
        assertThat(clone.output()).containsAnyOf("Authentication failed", "could not read Username");
        assertThat(work.resolve("anonymous")).doesNotExist();
    }

    @Test
    void shouldCloneWithTokenAsBasicPasswordAndRefuseAnotherOrganizationsUser() {
        // Given
        givenTwoApplications("prod");
        String own = TestIdentity.token(org + "-viewer", Optional.of(org), Set.of(Role.VIEWER));
        String other = uniqueName("other");
        TestIdentity.organization(other);
        String stranger = TestIdentity.token(other + "-admin", Optional.of(other), Set.of(Role.ORG_ADMIN));
        token = Optional.empty();
        String basic = repositoryUrl(org, "prod").replace("http://", "http://viewer:" + own + "@");

        // When
        Result viewer = git(work, "clone", basic, work.resolve("viewer").toString());
        token = Optional.of(stranger);
        Result refused = git(
                work,
                "clone",
                repositoryUrl(org, "prod"),
                work.resolve("stranger").toString());

        // Then
        assertThat(viewer.exitCode()).as(viewer.toString()).isZero();
        assertThat(work.resolve("viewer/.catalyst/applications/db.yaml")).exists();
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.output()).contains("not found");
        assertThat(work.resolve("stranger")).doesNotExist();
    }

    // ---------------------------------------------------------------- smart HTTP endpoints

    @Test
    void shouldAnswerNotFoundWhenEnvironmentDoesNotExist() {
        // Given
        givenEnvironment(org, "prod");
        String path = "/git/" + org + "/nope.git/info/refs";

        // When
        Response response = given().queryParam("service", "git-upload-pack").get(path);

        // Then
        assertProblem(response, 404, "not-found", path);
    }

    @Test
    void shouldAnswerNotFoundWhenNamesAreNotLabels() {
        // When
        Response upperCase = given().queryParam("service", "git-upload-pack").get("/git/Acme/prod.git/info/refs");
        Response underscore =
                given().queryParam("service", "git-upload-pack").get("/git/" + org + "/a_b.git/info/refs");

        // Then
        assertThat(upperCase.statusCode()).isEqualTo(404);
        assertThat(underscore.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldCloneNothingAndFailWhenEnvironmentDoesNotExist() {
        // When
        Result clone = git(
                work, "clone", repositoryUrl(org, "nope"), work.resolve("nope").toString());

        // Then
        assertThat(clone.exitCode()).as(clone.toString()).isNotZero();
        assertThat(work.resolve("nope")).doesNotExist();
    }

    @Test
    void shouldAdvertiseUploadPackWhenServiceIsUploadPack() {
        // Given
        String created = givenEnvironment(org, "prod");

        // When
        Response response = given().queryParam("service", "git-upload-pack").get("/git/" + org + "/prod.git/info/refs");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/x-git-upload-pack-advertisement");
        assertThat(response.header("Cache-Control")).contains("no-cache");
        String advertisement = response.asString();
        assertThat(advertisement).startsWith("001e# service=git-upload-pack\n0000");
        assertThat(advertisement).contains(created + " HEAD", created + " refs/heads/main");
    }

    @Test
    void shouldForbidReceivePackWhenAdvertisementIsAsked() {
        // Given
        givenEnvironment(org, "prod");

        // When
        Response response =
                given().queryParam("service", "git-receive-pack").get("/git/" + org + "/prod.git/info/refs");
        Response post = given().contentType("application/x-git-receive-pack-request")
                .body(new byte[] {'0', '0', '0', '0'})
                .post("/git/" + org + "/prod.git/git-receive-pack");

        // Then
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.asString()).contains("read-only");
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.asString()).contains("pushing is not allowed");
    }

    @Test
    void shouldForbidWhenNoServiceIsGiven() {
        // Given
        givenEnvironment(org, "prod");

        // When
        Response response = given().get("/git/" + org + "/prod.git/info/refs");

        // Then
        assertThat(response.statusCode()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- helpers

    /** The content of an added file, from its unified diff against /dev/null. */
    private static String addedContent(String unified) {
        StringBuilder content = new StringBuilder();
        boolean inHunk = false;
        for (String line : unified.split("\n", -1)) {
            if (line.startsWith("@@ ")) {
                inHunk = true;
            } else if (inHunk && line.startsWith("+")) {
                content.append(line, 1, line.length()).append('\n');
            } else if (inHunk && line.startsWith("\\ No newline at end of file")) {
                content.setLength(content.length() - 1);
            }
        }
        return content.toString();
    }

    /** Every file of a working tree, by '/'-separated path, without {@code .git/}. */
    private static List<String> files(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .map(path -> path.toString().replace('\\', '/'))
                    .filter(path -> !path.startsWith(".git/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a git command did: exit code and its output (stdout and stderr together). */
    private record Result(int exitCode, String output) {}

    /** Runs git in {@code dir}, isolated from the machine's and the user's git configuration, within a deadline. */
    private Result git(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile(work, "git-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            Map<String, String> env = builder.environment();
            env.put("GIT_TERMINAL_PROMPT", "0");
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
            env.put("HOME", home.toString());
            env.put("GIT_CEILING_DIRECTORIES", work.toString());
            env.put("GIT_AUTHOR_NAME", "Test");
            env.put("GIT_AUTHOR_EMAIL", "test@example.com");
            env.put("GIT_COMMITTER_NAME", "Test");
            env.put("GIT_COMMITTER_EMAIL", "test@example.com");
            env.put("LC_ALL", "C");
            token.ifPresent(value -> {
                env.put("GIT_CONFIG_COUNT", "1");
                env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
                env.put("GIT_CONFIG_VALUE_0", "Authorization: Bearer " + value);
            });
            Process process = builder.start();
            if (!process.waitFor(GIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("git " + String.join(" ", args) + " did not finish within " + GIT_TIMEOUT_SECONDS + "s");
            }
            return new Result(process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while git " + String.join(" ", args) + " ran", e);
        }
    }
}
