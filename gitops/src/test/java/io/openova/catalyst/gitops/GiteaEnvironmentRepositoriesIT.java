package io.openova.catalyst.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.gitea.FakeGitea;
import io.openova.catalyst.gitops.gitea.GiteaEnvironmentRepositories;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port's contract against the Gitea adapter, with Git over HTTP served by the real {@code git http-backend} (fetch
 * and push, HTTP Basic authentication by token) and the REST API by {@link FakeGitea}. Each instance has its own
 * mirror cache, as separate Catalyst processes would.
 */
class GiteaEnvironmentRepositoriesIT extends EnvironmentRepositoriesContract {
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path temp;

    private FakeGitea gitea;
    private int caches;
    private final List<EnvironmentRepositories> others = new ArrayList<>();

    @Override
    EnvironmentRepositories newRepositories(Clock clock) {
        if (gitea == null) {
            gitea = FakeGitea.start(temp.resolve("gitea"));
        }
        return new GiteaEnvironmentRepositories(gitea.settings(temp.resolve("cache-" + caches++)), clock);
    }

    /** Another instance with its own cache, as another Catalyst process would be; closed after the test. */
    private EnvironmentRepositories another() {
        EnvironmentRepositories other = newRepositories(CLOCK);
        others.add(other);
        return other;
    }

    @AfterEach
    void stopGitea() {
        others.forEach(EnvironmentRepositories::close);
        if (gitea != null) {
            gitea.close();
        }
    }

    private static SortedMap<String, byte[]> with(Snapshot snapshot, String path, String content) {
        SortedMap<String, byte[]> next = new TreeMap<>(snapshot.files());
        next.putAll(files(path, content));
        return next;
    }

    @Test
    void shouldKeepEveryUpdateWhenTwoInstancesWithTheirOwnCachesCommitConcurrently() {
        // Given
        CommitInfo first = repositories.create(ENV, files("README.md", "hello"), message("first"));
        EnvironmentRepositories other = another();

        // When
        try {
            commitConcurrently(List.of(repositories, other), ENV, 50);
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        // Then
        assertEveryWriterCommittedOnceInALine(repositories, first, 50);
        assertThat(gitea.git("acme", "dev", "rev-list", "--count", "main").strip())
                .isEqualTo("51");
        assertThat(gitea.git("acme", "dev", "rev-list", "--min-parents=2", "main"))
                .isEmpty();
        assertThat(other.head(ENV).commitId()).isEqualTo(repositories.head(ENV).commitId());
    }

    @Test
    void shouldThrowHeadMovedWithTheServersHeadWhenAnotherWriterPushesBetweenFetchAndPush() {
        // Given: the other instance commits while this one's push is on its way to git receive-pack
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        EnvironmentRepositories other = another();
        AtomicReference<CommitInfo> theirs = new AtomicReference<>();
        gitea.beforeNextPush(
                () -> theirs.set(other.commit(ENV, first.id(), files("a", "1", "b", "2"), message("theirs"))));

        // When
        HeadMovedException thrown = catchThrowableOfType(
                HeadMovedException.class,
                () -> repositories.commit(ENV, first.id(), files("a", "1", "c", "3"), message("ours")));

        // Then
        assertThat(thrown.expectedHead()).isEqualTo(first.id());
        assertThat(thrown.actualHead()).isEqualTo(theirs.get().id());
        assertThat(repositories.log(ENV, 10)).containsExactly(theirs.get(), first);
        assertThat(text(repositories.head(ENV))).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void shouldLandTheRetryOnTopWhenAWriterReadsHeadAgainAfterHeadMoved() {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        EnvironmentRepositories other = another();
        Snapshot seenByOther = other.head(ENV);
        CommitInfo ours = repositories.commit(ENV, first.id(), with(seenByOther, "b", "2"), message("ours"));
        Throwable stale = catchThrowable(
                () -> other.commit(ENV, seenByOther.commitId(), with(seenByOther, "c", "3"), message("theirs")));
        Snapshot again = other.head(ENV);

        // When
        CommitInfo theirs = other.commit(ENV, again.commitId(), with(again, "c", "3"), message("theirs"));

        // Then
        assertThat(stale).isInstanceOf(HeadMovedException.class);
        assertThat(((HeadMovedException) stale).actualHead()).isEqualTo(ours.id());
        assertThat(repositories.log(ENV, 10)).containsExactly(theirs, ours, first);
        assertThat(text(repositories.head(ENV))).isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
    }

    @Test
    void shouldCreateOnceWhenTwoInstancesCreateTheSameEnvironmentAtOnce() {
        // Given: the other instance creates the Environment while this one's first push is on its way
        EnvironmentRepositories other = another();
        AtomicReference<CommitInfo> theirs = new AtomicReference<>();
        gitea.beforeNextPush(() -> theirs.set(other.create(ENV, files("b", "2"), message("theirs"))));

        // When
        Throwable thrown = catchThrowable(() -> repositories.create(ENV, files("a", "1"), message("ours")));

        // Then
        assertThat(thrown).isInstanceOf(EnvironmentExistsException.class);
        assertThat(repositories.log(ENV, 10)).containsExactly(theirs.get());
        assertThat(gitea.hooks("acme", "dev")).hasSize(1);
    }

    @Test
    void shouldCountTheRepositoryAsAbsentAndAdoptItWhenTheFirstPushFailed() {
        // Given: the first push of a creation fails after the REST calls made the repository
        gitea.beforeNextPush(() -> {
            throw new IllegalStateException("disk full");
        });
        Throwable failed = catchThrowable(() -> repositories.create(ENV, files("a", "1"), message("first try")));

        // When
        boolean existsAfterFailure = repositories.exists(ENV);
        List<EnvironmentRef> listedAfterFailure = repositories.list();
        CommitInfo created = repositories.create(ENV, files("a", "1"), message("second try"));

        // Then
        assertThat(failed).isInstanceOf(UncheckedIOException.class);
        assertThat(existsAfterFailure).isFalse();
        assertThat(listedAfterFailure).isEmpty();
        assertThat(repositories.log(ENV, 10)).containsExactly(created);
        assertThat(gitea.hooks("acme", "dev")).hasSize(1);
    }

    @Test
    void shouldServeWhatAPersonPushedWhenTheBranchMovedOutsideCatalyst() {
        // Given: someone commits to the repository directly on the server
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        String tree = gitea.git("acme", "dev", "rev-parse", "main^{tree}").strip();
        String manual = gitea.git("acme", "dev", "commit-tree", tree, "-p", first.id(), "-m", "manual fix")
                .strip();
        gitea.git("acme", "dev", "update-ref", "refs/heads/main", manual, first.id());

        // When
        Throwable stale = catchThrowable(() -> repositories.commit(ENV, first.id(), files("a", "2"), message("x")));

        // Then
        assertThat(stale).isInstanceOf(HeadMovedException.class);
        assertThat(((HeadMovedException) stale).actualHead()).isEqualTo(manual);
        assertThat(repositories.head(ENV).commitId()).isEqualTo(manual);
        assertThat(repositories.log(ENV, 10)).extracting(CommitInfo::subject).containsExactly("manual fix", "first");
    }

    @Test
    void shouldLeaveNoMirrorBehindWhenAnEnvironmentTurnsOutNotToExist() {
        // Given
        repositories.create(new EnvironmentRef("acme", "prod"), files("a", "1"), message("other environment"));

        // When
        Throwable thrown = catchThrowable(() -> repositories.head(ENV));

        // Then
        assertThat(thrown).isInstanceOf(NoSuchEnvironmentException.class);
        assertThat(temp.resolve("cache-0").resolve("acme").resolve("prod.git")).isDirectory();
        assertThat(temp.resolve("cache-0").resolve("acme").resolve("dev.git")).doesNotExist();
    }
}
