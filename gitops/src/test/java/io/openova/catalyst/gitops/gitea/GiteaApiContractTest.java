package io.openova.catalyst.gitops.gitea;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.CommitMessage;
import io.openova.catalyst.gitops.EnvironmentExistsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST calls of the Gitea adapter, as {@code docs/gitea.md} documents them: method, path, headers and JSON body of
 * each call, and what the adapter does with each answer Gitea gives (201, 200, 404, 409, 401, 403, 422). Against
 * {@link FakeGitea}, which records every request.
 */
class GiteaApiContractTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final EnvironmentRef ENV = new EnvironmentRef("acme", "dev");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private FakeGitea gitea;
    private GiteaEnvironmentRepositories repositories;

    @BeforeEach
    void start() {
        gitea = FakeGitea.start(temp.resolve("gitea"));
        repositories = new GiteaEnvironmentRepositories(gitea.settings(temp.resolve("cache")), CLOCK);
    }

    @AfterEach
    void stop() {
        repositories.close();
        gitea.close();
    }

    private static SortedMap<String, byte[]> files(String... pathsAndContents) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(UTF_8));
        }
        return files;
    }

    private static CommitMessage message(String subject) {
        return new CommitMessage(subject, "Jane Doe", "jane@example.com");
    }

    private CommitInfo create(EnvironmentRef env) {
        return repositories.create(env, files("kustomization.yaml", "resources: []\n"), message("Create " + env));
    }

    private List<String> calls() {
        return gitea.apiRequests().stream().map(RecordedRequest::line).toList();
    }

    private RecordedRequest call(String line) {
        return gitea.apiRequests().stream()
                .filter(request -> request.line().equals(line))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no call " + line + " in " + calls()));
    }

    private static JsonNode golden(String name) throws IOException {
        try (InputStream in = GiteaApiContractTest.class.getResourceAsStream("/gitea/" + name)) {
            if (in == null) {
                throw new IOException("no test resource gitea/" + name);
            }
            return JSON.readTree(in);
        }
    }

    @Test
    void shouldCreateTheOrganizationTheRepositoryAndThePushWebhookWhenAnEnvironmentIsCreated() throws IOException {
        // When
        create(ENV);

        // Then
        assertThat(calls())
                .containsExactly(
                        "GET /api/v1/orgs/acme",
                        "POST /api/v1/orgs",
                        "POST /api/v1/orgs/acme/repos",
                        "POST /api/v1/repos/acme/dev/hooks");
        assertThat(JSON.readTree(call("POST /api/v1/orgs").body())).isEqualTo(golden("create-organization.json"));
        assertThat(JSON.readTree(call("POST /api/v1/orgs/acme/repos").body()))
                .isEqualTo(golden("create-repository.json"));
        assertThat(JSON.readTree(call("POST /api/v1/repos/acme/dev/hooks").body()))
                .isEqualTo(golden("create-hook.json"));
    }

    @Test
    void shouldSendTheTokenAndJsonHeadersWithEveryCallAndTheTokenNowhereElse() {
        // When
        create(ENV);
        repositories.exists(ENV);
        repositories.list();

        // Then
        assertThat(gitea.apiRequests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.header("Authorization")).contains("token " + FakeGitea.TOKEN);
            assertThat(request.header("Accept")).contains("application/json");
            assertThat(request.line() + request.body()).doesNotContain(FakeGitea.TOKEN);
            if (request.method().equals("POST")) {
                assertThat(request.header("Content-Type")).contains("application/json");
            } else {
                assertThat(request.body()).isEmpty();
            }
        });
    }

    @Test
    void shouldFetchAndPushOverSmartHttpWithTheTokenAsBasicPassword() {
        // When
        create(ENV);
        repositories.head(ENV);

        // Then
        String basic = "Basic " + Base64.getEncoder().encodeToString(("catalyst:" + FakeGitea.TOKEN).getBytes(UTF_8));
        assertThat(gitea.gitRequests())
                .extracting(RecordedRequest::line)
                .contains(
                        "GET /acme/dev.git/info/refs?service=git-receive-pack",
                        "POST /acme/dev.git/git-receive-pack",
                        "GET /acme/dev.git/info/refs?service=git-upload-pack");
        assertThat(gitea.gitRequests()).allSatisfy(request -> {
            assertThat(request.header("Authorization")).contains(basic);
            assertThat(request.line()).doesNotContain(FakeGitea.TOKEN);
        });
    }

    @Test
    void shouldNotCreateTheOrganizationWhenItExists() {
        // Given
        gitea.addOrganization("acme");

        // When
        create(ENV);

        // Then
        assertThat(calls())
                .containsExactly(
                        "GET /api/v1/orgs/acme", "POST /api/v1/orgs/acme/repos", "POST /api/v1/repos/acme/dev/hooks");
    }

    @Test
    void shouldUseTheOrganizationAnotherWriterCreatedWhenCreatingItAnswers422() {
        // Given: the organization appears between the adapter's look-up and its creation
        gitea.answerNext("GET", "/api/v1/orgs/acme", 404, "{\"message\":\"GetOrgByName\"}");
        gitea.addOrganization("acme");

        // When
        CommitInfo created = create(ENV);

        // Then
        assertThat(calls())
                .containsExactly(
                        "GET /api/v1/orgs/acme",
                        "POST /api/v1/orgs",
                        "GET /api/v1/orgs/acme",
                        "POST /api/v1/orgs/acme/repos",
                        "POST /api/v1/repos/acme/dev/hooks");
        assertThat(repositories.head(ENV).commitId()).isEqualTo(created.id());
    }

    @Test
    void shouldNameTheRefusedOrganizationWhenCreatingItAnswers422AndItStillDoesNotExist() {
        // Given
        gitea.answerNext("POST", "/api/v1/orgs", 422, "{\"message\":\"name is reserved [name: acme]\"}");

        // When
        GiteaException thrown = catchThrowableOfType(GiteaException.class, () -> create(ENV));

        // Then
        assertThat(thrown.status()).isEqualTo(422);
        assertThat(thrown)
                .hasMessageContaining("organization 'acme'")
                .hasMessageContaining("name is reserved [name: acme]");
        assertThat(calls()).containsExactly("GET /api/v1/orgs/acme", "POST /api/v1/orgs", "GET /api/v1/orgs/acme");
        assertThat(repositories.exists(ENV)).isFalse();
    }

    @Test
    void shouldThrowEnvironmentExistsWhenCreatingTheRepositoryAnswers409AndItHasCommits() {
        // Given
        CommitInfo first = create(ENV);
        gitea.clearRequests();

        // When
        Throwable thrown = catchThrowable(() -> create(ENV));

        // Then
        assertThat(thrown).isInstanceOf(EnvironmentExistsException.class);
        assertThat(calls())
                .containsExactly("GET /api/v1/orgs/acme", "POST /api/v1/orgs/acme/repos", "GET /api/v1/repos/acme/dev");
        assertThat(repositories.log(ENV, 10)).containsExactly(first);
    }

    @Test
    void shouldAdoptAnEmptyRepositoryAndRegisterItsWebhookWhenCreatingItAnswers409() {
        // Given: an empty repository without webhook, as a creation that failed after the repository call leaves
        gitea.addRepository("acme", "dev");

        // When
        CommitInfo created = create(ENV);

        // Then
        assertThat(calls())
                .containsExactly(
                        "GET /api/v1/orgs/acme",
                        "POST /api/v1/orgs/acme/repos",
                        "GET /api/v1/repos/acme/dev",
                        "GET /api/v1/repos/acme/dev/hooks?page=1&limit=50",
                        "POST /api/v1/repos/acme/dev/hooks");
        assertThat(repositories.log(ENV, 10)).containsExactly(created);
        assertThat(gitea.hooks("acme", "dev")).hasSize(1);
    }

    @Test
    void shouldLeaveTheEnvironmentAbsentAndRegisterTheWebhookOnRetryWhenTheWebhookCallAnswers422() {
        // Given
        gitea.answerNext("POST", "/api/v1/repos/acme/dev/hooks", 422, "{\"message\":\"Invalid content type\"}");
        GiteaException failed = catchThrowableOfType(GiteaException.class, () -> create(ENV));

        // When
        CommitInfo created = create(ENV);

        // Then
        assertThat(failed.status()).isEqualTo(422);
        assertThat(failed).hasMessageContaining("POST /api/v1/repos/acme/dev/hooks");
        assertThat(repositories.log(ENV, 10)).containsExactly(created);
        assertThat(gitea.hooks("acme", "dev")).hasSize(1);
    }

    @Test
    void shouldSayTheTokenIsRejectedWithoutShowingItWhenGiteaAnswers401() {
        // Given
        GiteaSettings settings = gitea.settings(temp.resolve("other-cache"));
        String wrong = "wrong-token-42";
        try (GiteaEnvironmentRepositories withWrongToken = new GiteaEnvironmentRepositories(
                new GiteaSettings(
                        settings.baseUrl(),
                        wrong,
                        settings.webhookUrl(),
                        settings.webhookSecret(),
                        settings.cacheDir()),
                CLOCK)) {

            // When
            GiteaException thrown = catchThrowableOfType(GiteaException.class, () -> withWrongToken.exists(ENV));

            // Then
            assertThat(thrown.status()).isEqualTo(401);
            assertThat(thrown)
                    .hasMessageContaining("rejected the token")
                    .hasMessageContaining("GET /api/v1/repos/acme/dev")
                    .hasMessageNotContaining(wrong);
        }
    }

    @Test
    void shouldSayWhichScopesTheTokenNeedsWhenGiteaAnswers403() {
        // Given
        gitea.answerNext(
                "POST",
                "/api/v1/orgs",
                403,
                "{\"message\":\"token does not have at least one of required scope(s): [write:organization]\"}");

        // When
        GiteaException thrown = catchThrowableOfType(GiteaException.class, () -> create(ENV));

        // Then
        assertThat(thrown.status()).isEqualTo(403);
        assertThat(thrown)
                .hasMessageContaining("lacks permission for POST /api/v1/orgs")
                .hasMessageContaining("write:organization, write:repository and read:user")
                .hasMessageContaining("required scope(s): [write:organization]")
                .hasMessageNotContaining(FakeGitea.TOKEN);
        assertThat(calls()).containsExactly("GET /api/v1/orgs/acme", "POST /api/v1/orgs");
    }

    @Test
    void shouldReportAnUnexpectedAnswerWithTheCallAndGiteasMessage() {
        // Given
        gitea.answerNext("GET", "/api/v1/orgs/acme", 500, "{\"message\":\"database is locked\"}");

        // When
        GiteaException thrown = catchThrowableOfType(GiteaException.class, () -> create(ENV));

        // Then
        assertThat(thrown.status()).isEqualTo(500);
        assertThat(thrown).hasMessage("Gitea answered HTTP 500 to GET /api/v1/orgs/acme: database is locked");
    }

    @Test
    void shouldSayGitRefusedTheTokenWhenAFetchIsNotAuthorized() {
        // Given
        create(ENV);
        GiteaSettings settings = gitea.settings(temp.resolve("other-cache"));
        try (GiteaEnvironmentRepositories withWrongToken = new GiteaEnvironmentRepositories(
                new GiteaSettings(
                        settings.baseUrl(),
                        "wrong-token-42",
                        settings.webhookUrl(),
                        settings.webhookSecret(),
                        settings.cacheDir()),
                CLOCK)) {

            // When
            Throwable thrown = catchThrowable(() -> withWrongToken.head(ENV));

            // Then
            assertThat(thrown)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Git fetch from " + gitea.baseUrl() + "acme/dev.git failed")
                    .hasMessageContaining("not authorized")
                    .hasMessageNotContaining("wrong-token-42");
        }
    }

    @Test
    void shouldAskForTheRepositoryAndCountOnlyOneWithCommitsWhenCheckingExistence() {
        // Given
        gitea.addRepository("acme", "empty");
        create(ENV);
        gitea.clearRequests();

        // When
        boolean withCommits = repositories.exists(ENV);
        boolean empty = repositories.exists(new EnvironmentRef("acme", "empty"));
        boolean missing = repositories.exists(new EnvironmentRef("acme", "prod"));

        // Then
        assertThat(List.of(withCommits, empty, missing)).containsExactly(true, false, false);
        assertThat(calls())
                .containsExactly(
                        "GET /api/v1/repos/acme/dev", "GET /api/v1/repos/acme/empty", "GET /api/v1/repos/acme/prod");
    }

    @Test
    void shouldPageThroughOrganizationsAndTheirRepositoriesWhenListing() {
        // Given: Gitea serves at most 2 items per page
        for (EnvironmentRef env : List.of(
                new EnvironmentRef("acme", "c"),
                new EnvironmentRef("acme", "a"),
                new EnvironmentRef("acme", "b"),
                new EnvironmentRef("beta", "x"))) {
            create(env);
        }
        gitea.addRepository("acme", "empty");
        gitea.addRepository("acme", "Not_A_Label");
        gitea.addOrganization("gamma");
        gitea.addOrganization("Upper");
        gitea.limitPageSize(2);
        gitea.clearRequests();

        // When
        List<EnvironmentRef> environments = repositories.list();

        // Then
        assertThat(environments)
                .containsExactly(
                        new EnvironmentRef("acme", "a"),
                        new EnvironmentRef("acme", "b"),
                        new EnvironmentRef("acme", "c"),
                        new EnvironmentRef("beta", "x"));
        assertThat(calls())
                .containsExactly(
                        "GET /api/v1/user/orgs?page=1&limit=50",
                        "GET /api/v1/user/orgs?page=2&limit=50",
                        "GET /api/v1/orgs/acme/repos?page=1&limit=50",
                        "GET /api/v1/orgs/acme/repos?page=2&limit=50",
                        "GET /api/v1/orgs/acme/repos?page=3&limit=50",
                        "GET /api/v1/orgs/beta/repos?page=1&limit=50",
                        "GET /api/v1/orgs/gamma/repos?page=1&limit=50");
    }
}
