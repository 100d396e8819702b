package io.openova.catalyst.gitops;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A commit and every file of its tree, path to content. Content arrays are compared by identity in {@link #equals}:
 * compare {@link #files()} entry by entry.
 */
public record Snapshot(String commitId, SortedMap<String, byte[]> files) {
    public Snapshot {
        Objects.requireNonNull(commitId, "commitId");
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }
}
