package io.openova.catalyst.gitops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Trees and commits as plain files and records: no working tree, no index on disk. */
public final class GitObjects {
    private GitObjects() {}

    /** Inserts the blobs and trees of {@code files} (valid paths, see {@link RepositoryPaths}); returns the root tree. */
    public static ObjectId insertTree(ObjectInserter inserter, SortedMap<String, byte[]> files) throws IOException {
        return insertTree(inserter, files, Map.of(), Map.of(), new TreeMap<>());
    }

    /**
     * Inserts the trees of {@code files}, and the blobs that are not in {@code known}: a file whose content equals the
     * content {@code knownFiles} has at its path reuses the blob id {@code known} has for it, unhashed. Every file's
     * blob id goes into {@code ids}.
     */
    static ObjectId insertTree(
            ObjectInserter inserter,
            SortedMap<String, byte[]> files,
            Map<String, byte[]> knownFiles,
            Map<String, ObjectId> known,
            Map<String, ObjectId> ids)
            throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(file.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            ObjectId id = known.get(file.getKey());
            if (id == null || !java.util.Arrays.equals(knownFiles.get(file.getKey()), file.getValue())) {
                id = inserter.insert(Constants.OBJ_BLOB, file.getValue());
            }
            ids.put(file.getKey(), id);
            entry.setObjectId(id);
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    /** Every file of the tree of {@code commit}. */
    public static SortedMap<String, byte[]> readTree(ObjectReader reader, RevCommit commit) throws IOException {
        return readTree(reader, commit, new TreeMap<>());
    }

    /** Every file of the tree of {@code commit}; the blob id of each goes into {@code ids}. */
    static SortedMap<String, byte[]> readTree(ObjectReader reader, RevCommit commit, Map<String, ObjectId> ids)
            throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                if (walk.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
                    ObjectId id = walk.getObjectId(0);
                    files.put(
                            walk.getPathString(),
                            reader.open(id, Constants.OBJ_BLOB).getBytes());
                    ids.put(walk.getPathString(), id);
                }
            }
        }
        return files;
    }

    public static CommitInfo info(RevCommit commit, boolean changed) {
        SortedMap<String, String> trailers = new TreeMap<>();
        for (FooterLine line : commit.getFooterLines()) {
            trailers.put(line.getKey(), line.getValue());
        }
        return new CommitInfo(
                commit.name(),
                commit.getShortMessage(),
                trailers,
                commit.getCommitterIdent().getWhenAsInstant(),
                commit.getAuthorIdent().getName(),
                changed);
    }

    /** The newest first-parent commit from {@code head} with the trailer {@code key: value}, key case-insensitive. */
    public static Optional<CommitInfo> findByTrailer(RevWalk walk, ObjectId head, String key, String value)
            throws IOException {
        walk.setFirstParent(true);
        walk.markStart(walk.parseCommit(head));
        for (RevCommit commit : walk) {
            if (hasTrailer(commit, key, value)) {
                return Optional.of(info(commit, true));
            }
        }
        return Optional.empty();
    }

    /** At most {@code max} first-parent commits from {@code head}, newest first. */
    public static List<CommitInfo> log(RevWalk walk, ObjectId head, int max) throws IOException {
        walk.setFirstParent(true);
        walk.markStart(walk.parseCommit(head));
        List<CommitInfo> commits = new ArrayList<>();
        for (RevCommit commit : walk) {
            if (commits.size() == max) {
                break;
            }
            commits.add(info(commit, true));
        }
        return List.copyOf(commits);
    }

    /** Whether {@code commit} has the trailer {@code key: value}, key case-insensitive. */
    public static boolean hasTrailer(RevCommit commit, String key, String value) {
        return commit.getFooterLines().stream()
                .anyMatch(line ->
                        line.getKey().equalsIgnoreCase(key) && line.getValue().equals(value));
    }
}
