package io.openova.catalyst.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The reference of the click-to-commit benchmark: the commits the server made, written again with nothing but JGit
 * into fresh bare repositories. Per commit: the blobs and trees of the whole tree through an {@link ObjectInserter},
 * a {@link CommitBuilder} on the branch's head, and a compare-and-swap {@link RefUpdate}, under one lock per repository,
 * from a fixed number of threads. No HTTP, JSON, validation, composition or YAML: the floor under what the server does
 * for an install.
 */
final class RawJGitLoop {
    private final Path scratch;
    private final int threads;

    /**
     * @param scratch an empty directory for the repositories
     * @param threads concurrent writers, as many as the benchmark's clients
     */
    RawJGitLoop(Path scratch, int threads) {
        this.scratch = scratch;
        this.threads = threads;
    }

    /**
     * What the timed part took: its latencies, and the CPU time this whole process used meanwhile (all threads,
     * the JIT and the garbage collector included), when the platform reports it.
     */
    record Result(Latencies latencies, OptionalLong cpuNanos) {}

    /**
     * Creates one repository per Environment with the Environment's first commit (not timed), then writes every later
     * commit of every Environment, timed one by one from the moment a thread takes it (lock wait included) to the moved
     * branch. Commit {@code i} of the whole run goes to Environment {@code i % environments}, as the installs did; each
     * repository gets its commits in the server's order. Fails unless every tree written is identical to the server's.
     *
     * @param histories per Environment (in order), the server's commits, oldest first
     */
    Result replay(List<List<EnvironmentHistory.Commit>> histories) throws IOException {
        int environments = histories.size();
        List<Repository> repositories = new ArrayList<>();
        List<Queue<EnvironmentHistory.Commit>> pending = new ArrayList<>();
        List<ReentrantLock> locks = new ArrayList<>();
        int total = 0;
        try {
            for (int e = 0; e < environments; e++) {
                List<EnvironmentHistory.Commit> history = histories.get(e);
                Repository repository = create(scratch.resolve("env-" + e + ".git"));
                repositories.add(repository);
                commit(repository, history.getFirst(), ObjectId.zeroId());
                pending.add(new ArrayDeque<>(history.subList(1, history.size())));
                locks.add(new ReentrantLock());
                total += history.size() - 1;
            }
            for (int e = 0; e < environments; e++) {
                int expected = total / environments + (e < total % environments ? 1 : 0);
                if (pending.get(e).size() != expected) {
                    throw new IllegalStateException(
                            "Environment " + e + " has " + pending.get(e).size() + " commits after its first, expected "
                                    + expected + " of " + total + " round-robin");
                }
            }
            return timed(repositories, pending, locks, total);
        } finally {
            repositories.forEach(Repository::close);
        }
    }

    private Result timed(
            List<Repository> repositories,
            List<Queue<EnvironmentHistory.Commit>> pending,
            List<ReentrantLock> locks,
            int total) {
        long[] samples = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        OptionalLong cpuBefore = ProvisioningBenchmark.cpuNanos(ProcessHandle.current());
        long start = System.nanoTime();
        try (ExecutorService writers = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                writers.execute(() -> {
                    for (int i = next.getAndIncrement();
                            i < total && failure.get() == null;
                            i = next.getAndIncrement()) {
                        int e = i % repositories.size();
                        long begin = System.nanoTime();
                        ReentrantLock lock = locks.get(e);
                        lock.lock();
                        try {
                            Repository repository = repositories.get(e);
                            EnvironmentHistory.Commit commit = pending.get(e).remove();
                            ObjectId head = repository
                                    .exactRef(EnvironmentHistory.BRANCH)
                                    .getObjectId();
                            commit(repository, commit, head);
                        } catch (IOException | RuntimeException ex) {
                            failure.compareAndSet(null, "raw commit " + i + " into Environment " + e + ": " + ex);
                        } finally {
                            lock.unlock();
                        }
                        samples[i] = System.nanoTime() - begin;
                    }
                });
            }
        }
        long wall = System.nanoTime() - start;
        OptionalLong cpuAfter = ProvisioningBenchmark.cpuNanos(ProcessHandle.current());
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return new Result(Latencies.of(samples, wall), ProvisioningBenchmark.difference(cpuBefore, cpuAfter));
    }

    private static Repository create(Path directory) throws IOException {
        Repository repository = new FileRepositoryBuilder()
                .setGitDir(directory.toFile())
                .setBare()
                .build();
        repository.create(true);
        // The server's repositories have this folder so that looking up a new object throws nothing (see
        // LocalEnvironmentRepositories); the reference gets the same fast path.
        java.nio.file.Files.createDirectories(directory.resolve("objects/pack/preserved"));
        RefUpdate.Result linked = repository.updateRef(Constants.HEAD).link(EnvironmentHistory.BRANCH);
        if (linked != RefUpdate.Result.NEW && linked != RefUpdate.Result.FORCED) {
            throw new IOException("could not point HEAD of " + directory + " at " + EnvironmentHistory.BRANCH);
        }
        return repository;
    }

    /** Writes the commit's tree, the commit on {@code parent} (zero: none), and moves the branch from parent to it. */
    private static void commit(Repository repository, EnvironmentHistory.Commit commit, ObjectId parent)
            throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter();
                RevWalk walk = new RevWalk(repository)) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, byte[]> file : commit.files().entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
                builder.add(entry);
            }
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            if (!tree.equals(commit.tree())) {
                throw new IOException("wrote tree " + tree.name() + ", but the server's tree is "
                        + commit.tree().name());
            }
            PersonIdent person =
                    new PersonIdent(commit.authorName(), commit.authorEmail(), Instant.now(), ZoneOffset.UTC);
            CommitBuilder builderOfCommit = new CommitBuilder();
            builderOfCommit.setTreeId(tree);
            if (!parent.equals(ObjectId.zeroId())) {
                builderOfCommit.setParentId(parent);
            }
            builderOfCommit.setAuthor(person);
            builderOfCommit.setCommitter(person);
            builderOfCommit.setMessage(commit.message());
            ObjectId id = inserter.insert(builderOfCommit);
            inserter.flush();

            RefUpdate update = repository.updateRef(EnvironmentHistory.BRANCH);
            update.setExpectedOldObjectId(parent);
            update.setNewObjectId(id);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("could not move " + EnvironmentHistory.BRANCH + ": " + result);
            }
        }
    }
}
