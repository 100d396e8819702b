package io.openova.catalyst.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalEnvironmentRepositoriesTest extends EnvironmentRepositoriesContract {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final LocalEnvironmentRepositories.WriteHook FAIL_BEFORE_REF_UPDATE = env -> {
        throw new IOException("disk full");
    };

    @TempDir
    Path root;

    private final List<LocalEnvironmentRepositories> others = new ArrayList<>();

    @Override
    EnvironmentRepositories newRepositories(Clock clock) {
        return new LocalEnvironmentRepositories(root, clock);
    }

    /** Another instance over the same root, as another process would have, closed after the test. */
    private LocalEnvironmentRepositories another(Duration lockPatience, LocalEnvironmentRepositories.WriteHook hook) {
        LocalEnvironmentRepositories other = new LocalEnvironmentRepositories(root, CLOCK, lockPatience, hook);
        others.add(other);
        return other;
    }

    @AfterEach
    void closeOthers() {
        others.forEach(LocalEnvironmentRepositories::close);
    }

    private static List<Path> lockFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".lock"))
                    .toList();
        }
    }

    private static List<Path> children(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    @Test
    void shouldStoreABareRepositoryWithMainAsHeadWhenEnvironmentIsCreated() throws Exception {
        // When
        CommitInfo created = repositories.create(ENV, files("a", "1"), message("first"));

        // Then
        Path gitDir = root.resolve("acme").resolve("dev.git");
        assertThat(gitDir.resolve("objects")).isDirectory();
        assertThat(gitDir.resolve("HEAD")).hasContent("ref: refs/heads/main");
        assertThat(children(root.resolve("acme"))).containsExactly(gitDir);
        try (Repository repository = ((LocalEnvironmentRepositories) repositories).openForRead("acme", "dev")) {
            assertThat(repository.isBare()).isTrue();
            assertThat(repository.resolve(Constants.HEAD).name()).isEqualTo(created.id());
        }
    }

    @Test
    void shouldLeaveTheRepositoryAsItWasWhenACommitFailsBeforeTheBranchMoves() throws Exception {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1", "b/c", "2"), message("first"));
        LocalEnvironmentRepositories failing = another(Duration.ZERO, FAIL_BEFORE_REF_UPDATE);

        // When
        Throwable thrown = catchThrowable(
                () -> failing.commit(ENV, first.id(), files("a", "changed", "new", "3"), message("doomed")));

        // Then
        assertThat(thrown).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full");
        assertThat(repositories.log(ENV, 10)).containsExactly(first);
        assertThat(text(repositories.head(ENV))).isEqualTo(Map.of("a", "1", "b/c", "2"));
        assertThat(lockFiles(root)).isEmpty();
    }

    @Test
    void shouldLeaveNoTraceWhenCreatingARepositoryFails() throws Exception {
        // Given
        LocalEnvironmentRepositories failing = another(Duration.ZERO, FAIL_BEFORE_REF_UPDATE);

        // When
        Throwable thrown = catchThrowable(() -> failing.create(ENV, files("a", "1"), message("doomed")));

        // Then
        assertThat(thrown).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full");
        assertThat(repositories.exists(ENV)).isFalse();
        assertThat(children(root.resolve("acme"))).isEmpty();
        assertThat(repositories.create(ENV, files("a", "1"), message("retry")).changed())
                .isTrue();
    }

    @Test
    void shouldReportALockedBranchWithoutTouchingTheLockWhenAnotherWriterHoldsIt() throws Exception {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        Path lock = root.resolve("acme/dev.git/refs/heads/main.lock");
        Files.writeString(lock, "held by another process\n");
        LocalEnvironmentRepositories impatient = another(Duration.ofMillis(20), env -> {});

        // When
        Throwable thrown = catchThrowable(() -> impatient.commit(ENV, first.id(), files("a", "2"), message("blocked")));

        // Then
        assertThat(thrown).isInstanceOf(UncheckedIOException.class).hasMessageContaining("main.lock");
        assertThat(lock).hasContent("held by another process");
        assertThat(repositories.log(ENV, 10)).containsExactly(first);
    }

    @Test
    void shouldKeepEveryUpdateWhenTwoInstancesWriteTheSameRepositories() throws Exception {
        // Given: two instances over one root, as two processes would be
        CommitInfo first = repositories.create(ENV, files("README.md", "hello"), message("first"));
        LocalEnvironmentRepositories other = another(LocalEnvironmentRepositories.LOCK_PATIENCE, env -> {});

        // When
        commitConcurrently(List.of(repositories, other), ENV, 50);

        // Then
        assertEveryWriterCommittedOnceInALine(repositories, first, 50);
        try (Repository repository = ((LocalEnvironmentRepositories) repositories).openForRead("acme", "dev");
                RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(repository.resolve(Constants.HEAD)));
            for (RevCommit commit : walk) {
                assertThat(commit.getParentCount()).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void shouldResolveOrgSlashEnvDotGitWhenServingOverGit() throws Exception {
        // Given
        CommitInfo created = repositories.create(ENV, files("a", "1"), message("first"));
        RepositoryResolver<Object> resolver = ((LocalEnvironmentRepositories) repositories).resolver();

        // When
        try (Repository repository = resolver.open(new Object(), "acme/dev.git")) {

            // Then
            assertThat(repository.resolve("refs/heads/main").name()).isEqualTo(created.id());
        }
        assertThat(repositories.head(ENV).commitId()).isEqualTo(created.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme/prod.git", "acme", "acme/dev/x.git", "../acme/dev.git", "acme/Dev.git", ""})
    void shouldNotResolveWhenNameIsNotAnExistingEnvironment(String name) {
        // Given
        repositories.create(ENV, files("a", "1"), message("first"));
        RepositoryResolver<Object> resolver = ((LocalEnvironmentRepositories) repositories).resolver();

        // When
        Throwable thrown = catchThrowable(() -> resolver.open(new Object(), name));

        // Then
        assertThat(thrown).isInstanceOf(RepositoryNotFoundException.class);
    }

    @Test
    void shouldRefuseUseWhenClosed() {
        // Given
        repositories.create(ENV, files("a", "1"), message("first"));
        repositories.close();

        // When
        Throwable thrown = catchThrowable(() -> repositories.head(ENV));

        // Then
        assertThat(thrown).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldIgnoreDirectoriesThatAreNotEnvironmentRepositoriesWhenListing() throws Exception {
        // Given
        repositories.create(ENV, files("a", "1"), message("first"));
        Files.createDirectories(root.resolve("acme/.tmp-prod-123"));
        Files.createDirectories(root.resolve("Not_An_Org/x.git"));

        // When
        List<EnvironmentRef> environments = repositories.list();

        // Then
        assertThat(environments).containsExactly(ENV);
    }

    @Test
    void shouldServeTheHeadAnotherProcessCommittedAfterThisOneReadIt() throws Exception {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        assertThat(text(repositories.head(ENV))).isEqualTo(Map.of("a", "1"));

        // When
        CommitInfo second =
                another(Duration.ZERO, env -> {}).commit(ENV, first.id(), files("a", "2"), message("second"));

        // Then
        Snapshot head = repositories.head(ENV);
        assertThat(head.commitId()).isEqualTo(second.id());
        assertThat(text(head)).isEqualTo(Map.of("a", "2"));
    }

    @Test
    void shouldWriteTheSameTreeWhenItReusesTheBlobsOfUnchangedFiles() throws Exception {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1", "b/c", "2", "b/d", "3"), message("first"));
        repositories.head(ENV);
        var next = files("a", "1", "b/c", "changed", "b/e", "3");

        // When
        CommitInfo second = repositories.commit(ENV, first.id(), next, message("second"));

        // Then
        org.eclipse.jgit.lib.ObjectId expected;
        try (var fresh = new org.eclipse.jgit.internal.storage.dfs.InMemoryRepository(
                        new org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription("fresh"));
                var inserter = fresh.newObjectInserter()) {
            expected = GitObjects.insertTree(inserter, next);
        }
        try (Repository repository = ((LocalEnvironmentRepositories) repositories).openForRead("acme", "dev");
                RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(repository.resolve(second.id()));
            assertThat(commit.getTree().getId()).isEqualTo(expected);
            assertThat(text(new Snapshot(second.id(), GitObjects.readTree(walk.getObjectReader(), commit))))
                    .isEqualTo(Map.of("a", "1", "b/c", "changed", "b/e", "3"));
        }
    }

    @Test
    void shouldFindAnIdempotencyKeyThatAnotherProcessCommittedAfterTheIndexWasBuilt() throws Exception {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        CommitInfo k1 = repositories.commit(
                ENV, first.id(), files("a", "2"), message("k1").withTrailer(CommitMessage.IDEMPOTENCY_KEY, "k-1"));
        assertThat(repositories.findByTrailer(ENV, CommitMessage.IDEMPOTENCY_KEY, "k-1"))
                .contains(k1);

        // When
        CommitInfo k2 = another(Duration.ZERO, env -> {})
                .commit(ENV, k1.id(), files("a", "3"), message("k2").withTrailer(CommitMessage.IDEMPOTENCY_KEY, "k-2"));

        // Then
        assertThat(repositories.findByTrailer(ENV, "idempotency-key", "k-2")).contains(k2);
        assertThat(repositories.findByTrailer(ENV, CommitMessage.IDEMPOTENCY_KEY, "k-1"))
                .contains(k1);
        assertThat(repositories.findByTrailer(ENV, CommitMessage.IDEMPOTENCY_KEY, "k-3"))
                .isEmpty();
    }

    @Test
    void shouldForgetIdempotencyKeysOfCommitsThatLeftTheHistory() throws Exception {
        // Given: k-1 is indexed, then the branch is reset to the first commit outside Catalyst
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        CommitInfo k1 = repositories.commit(
                ENV, first.id(), files("a", "2"), message("k1").withTrailer(CommitMessage.IDEMPOTENCY_KEY, "k-1"));
        assertThat(repositories.findByTrailer(ENV, CommitMessage.IDEMPOTENCY_KEY, "k-1"))
                .contains(k1);
        try (Repository repository = ((LocalEnvironmentRepositories) repositories).openForRead("acme", "dev")) {
            org.eclipse.jgit.lib.RefUpdate reset = repository.updateRef(Constants.R_HEADS + "main");
            reset.setNewObjectId(repository.resolve(first.id()));
            reset.setForceUpdate(true);
            assertThat(reset.update()).isEqualTo(org.eclipse.jgit.lib.RefUpdate.Result.FORCED);
        }

        // When
        CommitInfo k2 = repositories.commit(
                ENV, first.id(), files("a", "3"), message("k2").withTrailer(CommitMessage.IDEMPOTENCY_KEY, "k-2"));

        // Then
        assertThat(repositories.findByTrailer(ENV, CommitMessage.IDEMPOTENCY_KEY, "k-1"))
                .isEmpty();
        assertThat(repositories.findByTrailer(ENV, CommitMessage.IDEMPOTENCY_KEY, "k-2"))
                .contains(k2);
    }
}
