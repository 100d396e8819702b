package io.openova.catalyst.gitops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link EnvironmentRepositories} adapter has. An adapter's test extends this class and says how to
 * make a fresh, empty instance.
 */
abstract class EnvironmentRepositoriesContract {
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    static final EnvironmentRef ENV = new EnvironmentRef("acme", "dev");
    static final String REQUEST_ID = "Request-Id";

    EnvironmentRepositories repositories;

    /** A fresh instance with no Environments, whose commits take their time from {@code clock}. */
    abstract EnvironmentRepositories newRepositories(Clock clock);

    @BeforeEach
    void openRepositories() {
        repositories = newRepositories(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void closeRepositories() {
        repositories.close();
    }

    static SortedMap<String, byte[]> files(String... pathsAndContents) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(UTF_8));
        }
        return files;
    }

    static Map<String, String> text(Snapshot snapshot) {
        Map<String, String> text = new TreeMap<>();
        snapshot.files().forEach((path, content) -> text.put(path, new String(content, UTF_8)));
        return text;
    }

    static CommitMessage message(String subject) {
        return new CommitMessage(subject, "Jane Doe", "jane@example.com");
    }

    static CommitMessage message(String subject, String requestId) {
        return message(subject).withTrailer(REQUEST_ID, requestId);
    }

    /** {@code writers} concurrent writers, each adding its own file with read-commit-retry, spread over {@code to}. */
    static void commitConcurrently(List<EnvironmentRepositories> to, EnvironmentRef env, int writers) throws Exception {
        List<Callable<CommitInfo>> tasks = IntStream.range(0, writers)
                .mapToObj(i -> (Callable<CommitInfo>) () -> addFile(to.get(i % to.size()), env, i))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<CommitInfo> done : pool.invokeAll(tasks, 2, TimeUnit.MINUTES)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static CommitInfo addFile(EnvironmentRepositories repositories, EnvironmentRef env, int writer) {
        while (true) {
            Snapshot head = repositories.head(env);
            SortedMap<String, byte[]> next = new TreeMap<>(head.files());
            next.put(writerFile(writer), ("writer " + writer).getBytes(UTF_8));
            try {
                return repositories.commit(env, head.commitId(), next, message("add writer " + writer));
            } catch (HeadMovedException e) {
                // another writer won: read the new HEAD and try again
            }
        }
    }

    static String writerFile(int writer) {
        return "writers/" + writer + ".txt";
    }

    @Test
    void shouldReadBackFilesAndFirstCommitWhenEnvironmentIsCreated() {
        // Given
        SortedMap<String, byte[]> files = files("kustomization.yaml", "resources: [flux]\n", "flux/a.yaml", "a: 1\n");

        // When
        CommitInfo created = repositories.create(ENV, files, message("Create environment acme/dev", "r-1"));

        // Then
        assertThat(created.changed()).isTrue();
        Snapshot head = repositories.head(ENV);
        assertThat(head.commitId()).isEqualTo(created.id());
        assertThat(text(head)).isEqualTo(Map.of("flux/a.yaml", "a: 1\n", "kustomization.yaml", "resources: [flux]\n"));
        assertThat(repositories.log(ENV, 10)).containsExactly(created);
        assertThat(created.subject()).isEqualTo("Create environment acme/dev");
        assertThat(created.trailers()).isEqualTo(Map.of(REQUEST_ID, "r-1"));
        assertThat(created.time()).isEqualTo(NOW);
        assertThat(created.author()).isEqualTo("Jane Doe");
        assertThat(repositories.exists(ENV)).isTrue();
    }

    @Test
    void shouldRefuseCreateAndKeepTheRepositoryWhenEnvironmentExists() {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));

        // When
        Throwable thrown = catchThrowable(() -> repositories.create(ENV, files("b", "2"), message("second")));

        // Then
        assertThat(thrown).isInstanceOf(EnvironmentExistsException.class).hasMessageContaining("acme/dev");
        assertThat(text(repositories.head(ENV))).isEqualTo(Map.of("a", "1"));
        assertThat(repositories.log(ENV, 10)).containsExactly(first);
    }

    @Test
    void shouldListEnvironmentsSortedWhenSeveralExist() {
        // Given
        for (EnvironmentRef env : List.of(
                new EnvironmentRef("beta", "x"),
                new EnvironmentRef("acme", "prod"),
                new EnvironmentRef("acme", "dev"))) {
            repositories.create(env, files("a", "1"), message("create"));
        }

        // When
        List<EnvironmentRef> environments = repositories.list();

        // Then
        assertThat(environments)
                .containsExactly(
                        new EnvironmentRef("acme", "dev"),
                        new EnvironmentRef("acme", "prod"),
                        new EnvironmentRef("beta", "x"));
    }

    @Test
    void shouldReportNoEnvironmentWhenNoneWasCreated() {
        // When
        boolean exists = repositories.exists(ENV);

        // Then
        assertThat(exists).isFalse();
        assertThat(repositories.list()).isEmpty();
    }

    @Test
    void shouldReplaceTheWholeTreeWhenCommitting() {
        // Given
        CommitInfo first =
                repositories.create(ENV, files("a.yaml", "a", "dir/b.yaml", "b", "dir/c.yaml", "c"), message("first"));

        // When
        CommitInfo second =
                repositories.commit(ENV, first.id(), files("dir/b.yaml", "b2", "d/e.yaml", "e"), message("second"));

        // Then
        assertThat(second.changed()).isTrue();
        Snapshot head = repositories.head(ENV);
        assertThat(head.commitId()).isEqualTo(second.id());
        assertThat(text(head)).isEqualTo(Map.of("d/e.yaml", "e", "dir/b.yaml", "b2"));
        assertThat(text(repositories.at(ENV, first.id())))
                .isEqualTo(Map.of("a.yaml", "a", "dir/b.yaml", "b", "dir/c.yaml", "c"));
    }

    @Test
    void shouldMakeNoCommitWhenTheTreeIsUnchanged() {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1", "b/c", "2"), message("first", "r-1"));

        // When
        CommitInfo same = repositories.commit(ENV, first.id(), files("a", "1", "b/c", "2"), message("again", "r-2"));

        // Then
        assertThat(same.changed()).isFalse();
        assertThat(same.id()).isEqualTo(first.id());
        assertThat(same.subject()).isEqualTo("first");
        assertThat(repositories.log(ENV, 10)).extracting(CommitInfo::id).containsExactly(first.id());
        assertThat(repositories.findByTrailer(ENV, REQUEST_ID, "r-2")).isEmpty();
    }

    @Test
    void shouldReadBackSubjectAndTrailersWhenMessageHasBodyAndTrailers() {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        CommitMessage message = new CommitMessage(
                "Install cnpg as db",
                "Blueprint cnpg 1.0.0.\n\nValues: instances=5",
                new TreeMap<>(Map.of(REQUEST_ID, "r-42", "Operation", "install", "Application", "db")),
                "Jane Doe",
                "jane@example.com");

        // When
        CommitInfo committed = repositories.commit(ENV, first.id(), files("a", "2"), message);

        // Then
        assertThat(committed.subject()).isEqualTo("Install cnpg as db");
        assertThat(committed.trailers())
                .isEqualTo(Map.of("Application", "db", "Operation", "install", REQUEST_ID, "r-42"));
        assertThat(repositories.log(ENV, 10)).containsExactly(committed, first);
    }

    @Test
    void shouldReturnNewestCommitsFirstWhenLogIsLimited() {
        // Given
        CommitInfo previous = repositories.create(ENV, files("n", "0"), message("commit 0"));
        for (int i = 1; i < 5; i++) {
            previous = repositories.commit(ENV, previous.id(), files("n", String.valueOf(i)), message("commit " + i));
        }

        // When
        List<CommitInfo> log = repositories.log(ENV, 3);

        // Then
        assertThat(log).extracting(CommitInfo::subject).containsExactly("commit 4", "commit 3", "commit 2");
    }

    @Test
    void shouldFindTheCommitOfARequestWhenItsTrailerIsGiven() {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first", "r-1"));
        CommitInfo second = repositories.commit(ENV, first.id(), files("a", "2"), message("second", "r-2"));
        repositories.commit(ENV, second.id(), files("a", "3"), message("third", "r-3"));

        // When
        Optional<CommitInfo> found = repositories.findByTrailer(ENV, "request-id", "r-2");

        // Then
        assertThat(found).contains(second);
        assertThat(repositories.findByTrailer(ENV, REQUEST_ID, "r-9")).isEmpty();
        assertThat(repositories.findByTrailer(ENV, "Other", "r-2")).isEmpty();
    }

    @Test
    void shouldFindTheNewestCommitWhenSeveralHaveTheTrailer() {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first", "same"));
        CommitInfo second = repositories.commit(ENV, first.id(), files("a", "2"), message("second", "same"));

        // When
        Optional<CommitInfo> found = repositories.findByTrailer(ENV, REQUEST_ID, "same");

        // Then
        assertThat(found).contains(second);
    }

    @Test
    void shouldThrowHeadMovedAndChangeNothingWhenExpectedHeadIsStale() {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        CommitInfo second = repositories.commit(ENV, first.id(), files("a", "2"), message("second"));

        // When
        HeadMovedException thrown = catchThrowableOfType(
                HeadMovedException.class,
                () -> repositories.commit(ENV, first.id(), files("a", "3"), message("stale")));

        // Then
        assertThat(thrown.actualHead()).isEqualTo(second.id());
        assertThat(thrown.expectedHead()).isEqualTo(first.id());
        assertThat(thrown.environment()).isEqualTo(ENV);
        assertThat(text(repositories.head(ENV))).isEqualTo(Map.of("a", "2"));
        assertThat(repositories.log(ENV, 10)).containsExactly(second, first);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../x",
                "a/../x",
                "/abs",
                "a//b",
                "a/",
                "",
                ".git/config",
                "a/.GIT/b",
                "./a",
                "a/./b",
                "a\\b",
                "a\0b"
            })
    void shouldRejectCommitAndWriteNothingWhenAPathIsInvalid(String path) {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));
        SortedMap<String, byte[]> files = files("a", "2", "b", "2");
        files.put(path, "x".getBytes(UTF_8));

        // When
        Throwable thrown = catchThrowable(() -> repositories.commit(ENV, first.id(), files, message("bad")));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid path '" + path.replace("\0", "\\u0000") + "'");
        assertThat(repositories.log(ENV, 10)).containsExactly(first);
        assertThat(text(repositories.head(ENV))).isEqualTo(Map.of("a", "1"));
    }

    @Test
    void shouldRejectCommitWhenAFileIsAlsoADirectory() {
        // Given
        CommitInfo first = repositories.create(ENV, files("a", "1"), message("first"));

        // When
        Throwable thrown = catchThrowable(
                () -> repositories.commit(ENV, first.id(), files("a/b", "1", "a/b/c", "2"), message("bad")));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid path 'a/b/c': 'a/b' is a file, so it cannot be a directory");
        assertThat(repositories.log(ENV, 10)).containsExactly(first);
    }

    @Test
    void shouldCreateNothingWhenAPathOfTheFirstCommitIsInvalid() {
        // When
        Throwable thrown =
                catchThrowable(() -> repositories.create(ENV, files("ok", "1", "../escape", "2"), message("bad")));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../escape'");
        assertThat(repositories.exists(ENV)).isFalse();
        assertThat(repositories.list()).isEmpty();
    }

    static Stream<Arguments> operationsOnAnEnvironment() {
        String someId = "0123456789abcdef0123456789abcdef01234567";
        return Stream.of(
                Arguments.of("head", (Consumer<EnvironmentRepositories>) r -> r.head(ENV)),
                Arguments.of("at", (Consumer<EnvironmentRepositories>) r -> r.at(ENV, someId)),
                Arguments.of("commit", (Consumer<EnvironmentRepositories>)
                        r -> r.commit(ENV, someId, files("a", "1"), message("x"))),
                Arguments.of("log", (Consumer<EnvironmentRepositories>) r -> r.log(ENV, 1)),
                Arguments.of("findByTrailer", (Consumer<EnvironmentRepositories>)
                        r -> r.findByTrailer(ENV, REQUEST_ID, "r-1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operationsOnAnEnvironment")
    void shouldThrowNoSuchEnvironmentWhenEnvironmentIsUnknown(
            String operation, Consumer<EnvironmentRepositories> call) {
        // Given
        repositories.create(new EnvironmentRef("acme", "prod"), files("a", "1"), message("other environment"));

        // When
        Throwable thrown = catchThrowable(() -> call.accept(repositories));

        // Then
        assertThat(thrown)
                .isInstanceOf(NoSuchEnvironmentException.class)
                .hasMessage("Environment 'acme/dev' has no repository");
        assertThat(repositories.exists(ENV)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef0123456789abcdef01234567", "not-a-commit", "0123456"})
    void shouldThrowNoSuchCommitWhenCommitIsUnknown(String commitId) {
        // Given
        repositories.create(ENV, files("a", "1"), message("first"));

        // When
        Throwable thrown = catchThrowable(() -> repositories.at(ENV, commitId));

        // Then
        assertThat(thrown).isInstanceOf(NoSuchCommitException.class).hasMessageContaining(commitId);
    }

    @Test
    void shouldThrowNoSuchCommitWhenCommitBelongsToAnotherEnvironment() {
        // Given
        EnvironmentRef other = new EnvironmentRef("acme", "prod");
        CommitInfo ofOther = repositories.create(other, files("a", "1"), message("other"));
        repositories.create(ENV, files("a", "1"), message("first"));

        // When
        Throwable thrown = catchThrowable(() -> repositories.at(ENV, ofOther.id()));

        // Then
        assertThat(thrown).isInstanceOf(NoSuchCommitException.class);
    }

    @Test
    void shouldRejectCommitWhenExpectedHeadIsNotACommitId() {
        // Given
        repositories.create(ENV, files("a", "1"), message("first"));

        // When
        Throwable thrown = catchThrowable(() -> repositories.commit(ENV, "main", files("a", "2"), message("x")));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'main'");
        assertThat(repositories.log(ENV, 10)).hasSize(1);
    }

    @Test
    void shouldKeepEveryUpdateWhen50WritersCommitConcurrently() throws Exception {
        // Given
        CommitInfo first = repositories.create(ENV, files("README.md", "hello"), message("first"));

        // When
        commitConcurrently(List.of(repositories), ENV, 50);

        // Then
        assertEveryWriterCommittedOnceInALine(repositories, first, 50);
    }

    /** 50 commits after {@code first}, each adding exactly one writer's file to the tree of the one before it. */
    static void assertEveryWriterCommittedOnceInALine(
            EnvironmentRepositories repositories, CommitInfo first, int writers) {
        List<CommitInfo> history = repositories.log(ENV, writers + 10);
        assertThat(history).hasSize(writers + 1);
        assertThat(history.getLast()).isEqualTo(first);
        Set<String> expected = new HashSet<>(Set.of("README.md"));
        IntStream.range(0, writers).forEach(i -> expected.add(writerFile(i)));
        assertThat(repositories.head(ENV).files().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        List<String> added = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Set<String> after =
                    repositories.at(ENV, history.get(i).id()).files().keySet();
            Set<String> before = new HashSet<>(
                    repositories.at(ENV, history.get(i + 1).id()).files().keySet());
            assertThat(after).containsAll(before).hasSize(before.size() + 1);
            after.stream().filter(path -> !before.contains(path)).forEach(added::add);
        }
        assertThat(added).doesNotHaveDuplicates().hasSize(writers);
    }
}
