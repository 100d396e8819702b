package io.openova.catalyst.gitops;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What this process last read or wrote at the head of each Environment repository: the commit, its files and their
 * blob ids. A read whose branch still points at that commit needs no object from the repository, and a commit reuses
 * the blob ids of unchanged files instead of hashing them again. Entries are keyed by commit id, so a branch moved by
 * another process is never served stale: it simply misses. The least recently used Environments are forgotten past
 * {@code capacity}.
 */
final class HeadCache {
    /** One head: files are never modified after they are cached. */
    record Head(ObjectId commit, SortedMap<String, byte[]> files, Map<String, ObjectId> blobs) {
        Head {
            files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
            blobs = Collections.unmodifiableMap(new HashMap<>(blobs));
        }
    }

    private final Map<EnvironmentRef, Head> heads;

    HeadCache(int capacity) {
        this.heads = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<EnvironmentRef, Head> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached head of {@code env} if it is {@code commit}. */
    synchronized Optional<Head> at(EnvironmentRef env, ObjectId commit) {
        Head head = heads.get(env);
        return head != null && head.commit().equals(commit) ? Optional.of(head) : Optional.empty();
    }

    synchronized void put(EnvironmentRef env, Head head) {
        heads.put(env, head);
    }

    synchronized void forget(EnvironmentRef env) {
        heads.remove(env);
    }
}
