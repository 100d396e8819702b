package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.openova.catalyst.bench.EnvironmentHistory.Commit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawJGitLoopTest {
    private static final String ORG = "bench-0a1b2c";

    @TempDir
    Path data;

    @Test
    void shouldCommitEveryTreeOfEveryEnvironmentInTheServersOrder() throws IOException {
        // Given: 3 Environments, a first commit and 2 installs each, written where the server keeps its repositories
        List<List<Commit>> histories = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            histories.add(List.of(commit(e, 0), commit(e, 1), commit(e, 2)));
        }
        RawJGitLoop loop = new RawJGitLoop(data.resolve("git").resolve(ORG), 4);

        // When
        Latencies latencies = loop.replay(histories).latencies();

        // Then
        assertThat(latencies.count()).isEqualTo(6);
        for (int e = 0; e < 3; e++) {
            List<Commit> written = EnvironmentHistory.read(data, ORG, "env-" + e);
            assertThat(written)
                    .extracting(Commit::tree, Commit::message, Commit::authorName)
                    .containsExactlyElementsOf(histories.get(e).stream()
                            .map(c -> tuple(c.tree(), c.message(), c.authorName()))
                            .toList());
            assertThat(written.getLast().files()).containsOnlyKeys("kustomization.yaml", "app-1.yaml", "app-2.yaml");
        }
    }

    @Test
    void shouldFailWhenTreeWrittenIsNotTheServers() throws IOException {
        // Given: the second commit claims a tree id that its files do not make
        Commit first = commit(0, 0);
        Commit second = commit(0, 1);
        Commit wrong = new Commit(
                second.id(), first.tree(), second.files(), second.message(), second.authorName(), second.authorEmail());
        RawJGitLoop loop = new RawJGitLoop(data, 2);

        // When / Then
        assertThatThrownBy(() -> loop.replay(List.of(List.of(first, wrong))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the server's tree is " + first.tree().name());
    }

    /** Commit {@code n} of Environment {@code e}: a root file plus one file per install so far. */
    private Commit commit(int e, int n) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put("kustomization.yaml", ("env " + e + "\n").getBytes(StandardCharsets.UTF_8));
        for (int app = 1; app <= n; app++) {
            files.put("app-" + app + ".yaml", ("app " + app + " of " + e + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new Commit(
                String.format("%040x", 100 * e + n),
                treeId(files),
                files,
                n == 0 ? "create env-" + e + "\n" : "install app-" + n + "\n\nRequest-Id: r" + n + "\n",
                "catalyst",
                "catalyst@localhost");
    }

    /** The id of the tree of {@code files}, as Git computes it (written into a repository of its own). */
    private ObjectId treeId(SortedMap<String, byte[]> files) throws IOException {
        try (Repository repository = new FileRepositoryBuilder()
                        .setGitDir(data.resolve("trees.git").toFile())
                        .setBare()
                        .build();
                ObjectInserter inserter = repository.newObjectInserter()) {
            if (!repository.getObjectDatabase().exists()) {
                repository.create(true);
            }
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
                builder.add(entry);
            }
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            return tree;
        }
    }
}
