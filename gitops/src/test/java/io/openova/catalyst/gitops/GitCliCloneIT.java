package io.openova.catalyst.gitops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.DaemonClient;
import org.eclipse.jgit.transport.resolver.ReceivePackFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repositories as the real {@code git} command line sees them. */
class GitCliCloneIT {
    private static final EnvironmentRef ENV = new EnvironmentRef("acme", "dev");

    @TempDir
    Path temp;

    private LocalEnvironmentRepositories repositories;
    private CommitInfo first;
    private CommitInfo second;

    private record Git(int exitCode, String output) {}

    @BeforeEach
    void createEnvironmentWithTwoCommits() {
        repositories = new LocalEnvironmentRepositories(
                temp.resolve("repos"), Clock.fixed(Instant.parse("2026-01-02T03:04:05+00:00"), ZoneOffset.UTC));
        // names whose order differs between plain byte order and Git's tree order ("a" sorts as "a/")
        first = repositories.create(
                ENV,
                files("a.b", "1", "a/b", "2", "a-c", "3", "a0", "4", "deep/er/file.yaml", "x: 1\n"),
                message("Create environment acme/dev", "r-1"));
        second = repositories.commit(
                ENV,
                first.id(),
                files("a.b", "1", "a/b", "2", "a-c", "3", "deep/er/file.yaml", "x: 2\n", "new.yaml", "n\n"),
                message("Install db", "r-2"));
    }

    @AfterEach
    void close() {
        repositories.close();
    }

    @Test
    void shouldCloneTheTreeAndHistoryWhenGitClonesTheRepository() throws Exception {
        // Given
        Path bare = temp.resolve("repos/acme/dev.git");
        Path clone = temp.resolve("clone");

        // When
        Git cloned = git(temp, "clone", bare.toUri().toString(), clone.toString());

        // Then
        assertThat(cloned.exitCode()).as(cloned.output()).isZero();
        assertThat(filesOf(clone)).isEqualTo(textOf(repositories.head(ENV).files()));
        assertThat(lines(git(clone, "log", "--format=%s")))
                .containsExactly("Install db", "Create environment acme/dev");
        assertThat(lines(git(clone, "log", "--format=%(trailers:key=Request-Id,valueonly)")))
                .containsExactly("r-2", "r-1");
        assertThat(lines(git(clone, "log", "--format=%H %an <%ae> %cI")))
                .containsExactly(
                        second.id() + " Jane Doe <jane@example.com> 2026-01-02T03:04:05+00:00",
                        first.id() + " Jane Doe <jane@example.com> 2026-01-02T03:04:05+00:00");
        assertThat(lines(git(clone, "branch", "--show-current"))).containsExactly("main");
        Git fsck = git(bare, "fsck", "--strict", "--no-dangling");
        assertThat(fsck.exitCode()).as(fsck.output()).isZero();
    }

    @Test
    void shouldCloneButRefusePushWhenServedThroughTheReadOnlyResolver() throws Exception {
        // Given
        Daemon daemon = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon.setRepositoryResolver(repositories.<DaemonClient>resolver());
        daemon.setReceivePackFactory(disabled());
        daemon.start();
        try {
            String url = "git://127.0.0.1:" + daemon.getAddress().getPort() + "/acme/dev.git";
            Path clone = temp.resolve("served");
            Git cloned = git(temp, "clone", url, clone.toString());
            assertThat(cloned.exitCode()).as(cloned.output()).isZero();
            git(
                    clone,
                    "-c",
                    "user.name=Mallory",
                    "-c",
                    "user.email=m@example.com",
                    "commit",
                    "--allow-empty",
                    "-m",
                    "x");

            // When
            Git pushed = git(clone, "push", "origin", "main");

            // Then
            assertThat(pushed.exitCode()).isNotZero();
            assertThat(filesOf(clone)).isEqualTo(textOf(repositories.head(ENV).files()));
            assertThat(repositories.log(ENV, 10)).containsExactly(second, first);
        } finally {
            daemon.stopAndWait();
        }
    }

    @SuppressWarnings("unchecked")
    private static ReceivePackFactory<DaemonClient> disabled() {
        return (ReceivePackFactory<DaemonClient>) ReceivePackFactory.DISABLED;
    }

    private static SortedMap<String, byte[]> files(String... pathsAndContents) {
        return EnvironmentRepositoriesContract.files(pathsAndContents);
    }

    private static CommitMessage message(String subject, String requestId) {
        return EnvironmentRepositoriesContract.message(subject, requestId);
    }

    private static Map<String, String> textOf(SortedMap<String, byte[]> files) {
        Map<String, String> text = new TreeMap<>();
        files.forEach((path, content) -> text.put(path, new String(content, UTF_8)));
        return text;
    }

    private static Map<String, String> filesOf(Path clone) throws IOException {
        Map<String, String> text = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(clone)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String relative = clone.relativize(path).toString();
                if (!relative.startsWith(".git/")) {
                    text.put(relative, Files.readString(path));
                }
            }
        }
        return text;
    }

    private static List<String> lines(Git result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().lines().filter(line -> !line.isBlank()).toList();
    }

    /** Runs {@code git} isolated from the user's and the system's configuration, for at most a minute. */
    private Git git(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(temp, "git", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("HOME", temp.toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("git " + String.join(" ", arguments) + " did not finish within 60 s");
        }
        return new Git(process.exitValue(), Files.readString(output));
    }
}
