package io.openova.catalyst.gitops.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TreeDiffTest {

    private static SortedMap<String, byte[]> tree(String... pathsAndContents) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            out.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void shouldListAddedModifiedAndDeletedFilesByPath() {
        SortedMap<String, byte[]> before = tree("a.yaml", "x: 1\n", "b.yaml", "y: 1\n", "same.yaml", "z\n");
        SortedMap<String, byte[]> after = tree("b.yaml", "y: 2\n", "c.yaml", "new\n", "same.yaml", "z\n");

        List<FileDiff> diff = TreeDiff.between(before, after);

        assertThat(diff)
                .extracting(FileDiff::path, FileDiff::change)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a.yaml", FileDiff.Change.DELETED),
                        org.assertj.core.groups.Tuple.tuple("b.yaml", FileDiff.Change.MODIFIED),
                        org.assertj.core.groups.Tuple.tuple("c.yaml", FileDiff.Change.ADDED));
    }

    @Test
    void shouldPrintAModificationAsAUnifiedDiff() {
        List<FileDiff> diff = TreeDiff.between(
                tree("values.yaml", "replicas: 1\nimage: a\nport: 80\n"),
                tree("values.yaml", "replicas: 3\nimage: a\nport: 80\n"));

        assertThat(diff.getFirst().unified())
                .isEqualTo("--- a/values.yaml\n+++ b/values.yaml\n@@ -1,3 +1,3 @@\n-replicas: 1\n+replicas: 3\n"
                        + " image: a\n port: 80\n");
    }

    @Test
    void shouldShowAnAddedFileAgainstDevNull() {
        List<FileDiff> diff = TreeDiff.between(tree(), tree("new.yaml", "a: 1\n"));

        assertThat(diff.getFirst().unified()).isEqualTo("--- /dev/null\n+++ b/new.yaml\n@@ -0,0 +1 @@\n+a: 1\n");
    }

    @Test
    void shouldFindNothingBetweenEqualTrees() {
        assertThat(TreeDiff.between(tree("a", "1\n"), tree("a", "1\n"))).isEmpty();
    }
}
