package io.openova.catalyst.gitops;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The Git repositories of Environments: one repository per Environment, one branch ({@code main}), whose tree is the
 * whole desired state of the Environment.
 *
 * <h2>Whole-tree commits</h2>
 *
 * A writer never patches the tree: it reads {@link #head HEAD}, computes the complete new set of files, and hands it to
 * {@link #commit commit}, which makes it the tree of one new commit. Files that are not in the new set are gone from the
 * new commit. A set of files equal to the tree of HEAD makes no commit ({@link CommitInfo#changed()} is false).
 *
 * <h2>Optimistic concurrency</h2>
 *
 * {@link #commit commit} names the HEAD it was computed from. The branch moves by compare-and-swap: if HEAD is no
 * longer that commit, nothing changes and {@link HeadMovedException} reports the actual HEAD; the writer reads HEAD
 * again, recomputes its files and retries. No update is ever lost, whether the competing writer is in this process or
 * in another one. A failure before the branch moves leaves the repository as it was (objects that nothing references
 * may remain; they are invisible and harmless).
 *
 * <h2>Idempotency</h2>
 *
 * A commit message carries trailers ({@code Request-Id: ...}). A writer that must not apply a request twice first asks
 * {@link #findByTrailer findByTrailer} and returns the earlier commit when there is one; after a
 * {@link HeadMovedException} it asks again before retrying, so a request retried concurrently with itself still
 * lands exactly once.
 *
 * <h2>Paths</h2>
 *
 * Paths are relative, '/'-separated, without empty, {@code .}, {@code ..} or {@code .git} segments, backslashes or NUL
 * characters; a file and a directory cannot share a name. An invalid path is an {@link IllegalArgumentException}
 * naming it, and nothing is written.
 *
 * <p>Unknown Environments are {@link NoSuchEnvironmentException}s, unknown commits {@link NoSuchCommitException}s. I/O
 * failures are {@link java.io.UncheckedIOException}s. Implementations are thread-safe.
 */
public interface EnvironmentRepositories extends AutoCloseable {

    /** The branch every Environment repository has. */
    String BRANCH = "main";

    /**
     * Creates the repository of {@code env} with a first commit on {@link #BRANCH} holding {@code files}, atomically:
     * either the repository exists afterwards with that commit, or it does not exist.
     *
     * @throws EnvironmentExistsException if the repository exists already
     */
    CommitInfo create(EnvironmentRef env, SortedMap<String, byte[]> files, CommitMessage message);

    boolean exists(EnvironmentRef env);

    /** Every Environment that has a repository, sorted by organization then environment. */
    List<EnvironmentRef> list();

    /** The commit at the tip of {@link #BRANCH} and all the files of its tree. */
    Snapshot head(EnvironmentRef env);

    /**
     * A commit of the history of {@link #BRANCH} and all the files of its tree.
     *
     * @throws NoSuchCommitException if {@code commitId} is not a full commit id in the history of the branch
     */
    Snapshot at(EnvironmentRef env, String commitId);

    /**
     * Makes {@code files} the whole tree of a new commit whose parent is {@code expectedHead}, and moves the branch to
     * it if it still points at {@code expectedHead}. When {@code files} equal the tree of HEAD, no commit is made and
     * the HEAD commit is returned with {@link CommitInfo#changed()} false.
     *
     * @throws HeadMovedException if HEAD is not {@code expectedHead}: nothing was changed
     * @throws IllegalArgumentException if a path is invalid or {@code expectedHead} is not a full commit id
     */
    CommitInfo commit(EnvironmentRef env, String expectedHead, SortedMap<String, byte[]> files, CommitMessage message);

    /** The newest commit of the branch whose message has the trailer {@code key: value} (key case-insensitive). */
    Optional<CommitInfo> findByTrailer(EnvironmentRef env, String key, String value);

    /** At most {@code max} commits of the branch, newest first. */
    List<CommitInfo> log(EnvironmentRef env, int max);

    /** Releases what the implementation holds open. */
    @Override
    void close();
}
