package io.openova.catalyst.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The commits the server made on an Environment's branch, oldest first, read from its bare repository in the server's
 * data directory ({@code <data-dir>/git/<org>/<env>.git}); only reads, never writes.
 */
final class EnvironmentHistory {
    static final String BRANCH = Constants.R_HEADS + "main";

    /**
     * One commit of the server: the files of its tree, and what the reference needs to write the same commit.
     *
     * @param id the commit's id
     * @param tree the id of the commit's tree, to check that the reference wrote identical trees
     */
    record Commit(
            String id,
            ObjectId tree,
            SortedMap<String, byte[]> files,
            String message,
            String authorName,
            String authorEmail) {}

    private EnvironmentHistory() {}

    /** The first-parent history of {@code org}/{@code env}'s branch, oldest first. */
    static List<Commit> read(Path dataDir, String org, String env) throws IOException {
        Path directory = dataDir.resolve("git").resolve(org).resolve(env + ".git");
        if (!Files.isDirectory(directory)) {
            throw new IOException("no repository of " + org + "/" + env + " at " + directory);
        }
        try (Repository repository = new FileRepositoryBuilder()
                        .setGitDir(directory.toFile())
                        .setBare()
                        .setMustExist(true)
                        .build();
                RevWalk walk = new RevWalk(repository)) {
            Ref head = repository.exactRef(BRANCH);
            if (head == null || head.getObjectId() == null) {
                throw new IOException(directory + " has no " + BRANCH);
            }
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(head.getObjectId()));
            List<Commit> commits = new ArrayList<>();
            for (RevCommit commit : walk) {
                commits.add(new Commit(
                        commit.name(),
                        commit.getTree().getId(),
                        files(walk.getObjectReader(), commit),
                        commit.getFullMessage(),
                        commit.getAuthorIdent().getName(),
                        commit.getAuthorIdent().getEmailAddress()));
            }
            Collections.reverse(commits);
            return List.copyOf(commits);
        }
    }

    private static SortedMap<String, byte[]> files(ObjectReader reader, RevCommit commit) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (TreeWalk tree = new TreeWalk(reader)) {
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                if (tree.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                    throw new IOException("commit " + commit.name() + " has a non-file entry " + tree.getPathString());
                }
                files.put(
                        tree.getPathString(),
                        reader.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes());
            }
        }
        return files;
    }
}
