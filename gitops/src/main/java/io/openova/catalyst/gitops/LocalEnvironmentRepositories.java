package io.openova.catalyst.gitops;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.environment.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Environment repositories as bare Git repositories on the local file system, at {@code <root>/<org>/<env>.git}: the
 * embedded default.
 *
 * <p>Writes to one repository are serialized in this process by a lock per repository, and the branch moves by
 * compare-and-swap ({@link RefUpdate} with an expected old id, under Git's {@code .lock} file protocol), so another
 * process writing the same repositories cannot lose an update either. Commit times come from the injected clock.
 *
 * <p>The repositories can be served read-only over Git smart HTTP with JGit's {@code GitServlet} and
 * {@link #resolver()}. Receive-pack must be disabled there ({@code
 * servlet.setReceivePackFactory(ReceivePackFactory.DISABLED)}; JGit's default enables pushes for authenticated users):
 * a push would bypass the compare-and-swap discipline and the validation of what goes into the tree.
 */
public final class LocalEnvironmentRepositories implements EnvironmentRepositories {
    private static final Logger LOGGER = LoggerFactory.getLogger(LocalEnvironmentRepositories.class);
    private static final String REF = Constants.R_HEADS + BRANCH;
    private static final String SUFFIX = ".git";
    static final Duration LOCK_PATIENCE = Duration.ofSeconds(2);
    private static final Duration MIN_PAUSE = Duration.ofMillis(1);
    private static final Duration MAX_PAUSE = Duration.ofMillis(50);
    private static final int HEAD_CACHE_CAPACITY = 1024;

    private final Path root;
    private final Clock clock;
    private final Duration lockPatience;
    private final WriteHook hook;
    private final ConcurrentMap<EnvironmentRef, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentMap<EnvironmentRef, Repository> repositories = new ConcurrentHashMap<>();
    private final HeadCache heads = new HeadCache(HEAD_CACHE_CAPACITY);
    private final ConcurrentMap<EnvironmentRef, TrailerIndex> idempotencyKeys = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public LocalEnvironmentRepositories(Path root, Clock clock) {
        this(root, clock, LOCK_PATIENCE, env -> {});
    }

    /**
     * @param lockPatience how long a write waits for the branch lock another process holds
     * @param hook a seam for failure tests
     */
    LocalEnvironmentRepositories(Path root, Clock clock, Duration lockPatience, WriteHook hook) {
        this.root = Objects.requireNonNull(root, "root");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lockPatience = Objects.requireNonNull(lockPatience, "lockPatience");
        this.hook = Objects.requireNonNull(hook, "hook");
    }

    /** Called after the objects of a commit are written and before the branch moves: a seam for failure tests. */
    @FunctionalInterface
    interface WriteHook {
        void beforeRefUpdate(EnvironmentRef env) throws IOException;
    }

    @Override
    public CommitInfo create(EnvironmentRef env, SortedMap<String, byte[]> files, CommitMessage message) {
        RepositoryPaths.requireValid(files);
        Objects.requireNonNull(message, "message");
        return locked(env, () -> {
            Path target = directory(env);
            if (Files.exists(target)) {
                throw new EnvironmentExistsException(env);
            }
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(".tmp-" + env.env() + "-" + UUID.randomUUID());
            try {
                CommitInfo first;
                try (Repository repository = new FileRepositoryBuilder()
                        .setGitDir(temp.toFile())
                        .setBare()
                        .build()) {
                    repository.create(true);
                    preservedPacks(temp);
                    RefUpdate.Result linked =
                            repository.updateRef(Constants.HEAD).link(REF);
                    if (linked != RefUpdate.Result.NEW && linked != RefUpdate.Result.FORCED) {
                        throw new IOException("could not point HEAD of " + env + " at " + REF + ": " + linked);
                    }
                    first = write(env, repository, null, files, message);
                }
                publish(env, temp, target);
                LOGGER.atInfo()
                        .addKeyValue("environment", env)
                        .addKeyValue("commit", first.id())
                        .log("Environment repository created");
                return first;
            } finally {
                if (Files.exists(temp)) {
                    FileUtils.delete(temp.toFile(), FileUtils.RECURSIVE | FileUtils.IGNORE_ERRORS);
                }
            }
        });
    }

    @Override
    public boolean exists(EnvironmentRef env) {
        return Files.isDirectory(directory(env));
    }

    @Override
    public List<EnvironmentRef> list() {
        List<EnvironmentRef> environments = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> orgs = Files.list(root)) {
            for (Path org : orgs.filter(Files::isDirectory).toList()) {
                String orgName = org.getFileName().toString();
                if (!Names.isValid(orgName)) {
                    continue;
                }
                try (Stream<Path> envs = Files.list(org)) {
                    envs.filter(Files::isDirectory)
                            .map(dir -> dir.getFileName().toString())
                            .filter(name -> name.endsWith(SUFFIX))
                            .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                            .filter(Names::isValid)
                            .forEach(name -> environments.add(new EnvironmentRef(orgName, name)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environments.sort(Comparator.comparing(EnvironmentRef::org).thenComparing(EnvironmentRef::env));
        return List.copyOf(environments);
    }

    @Override
    public Snapshot head(EnvironmentRef env) {
        return read(env, (repository, walk) -> {
            HeadCache.Head head = cachedHead(env, repository, walk, head(env, repository));
            return new Snapshot(head.commit().name(), head.files());
        });
    }

    /** The head at {@code commit}, read from the repository only when this process has not seen it yet. */
    private HeadCache.Head cachedHead(EnvironmentRef env, Repository repository, RevWalk walk, ObjectId commit)
            throws IOException {
        Optional<HeadCache.Head> cached = heads.at(env, commit);
        if (cached.isPresent()) {
            return cached.get();
        }
        Map<String, ObjectId> blobs = new HashMap<>();
        SortedMap<String, byte[]> files = GitObjects.readTree(walk.getObjectReader(), walk.parseCommit(commit), blobs);
        HeadCache.Head head = new HeadCache.Head(commit.copy(), files, blobs);
        heads.put(env, head);
        return head;
    }

    @Override
    public Snapshot at(EnvironmentRef env, String commitId) {
        return read(env, (repository, walk) -> {
            RevCommit commit = inHistory(env, repository, walk, commitId);
            return new Snapshot(commit.name(), GitObjects.readTree(walk.getObjectReader(), commit));
        });
    }

    @Override
    public CommitInfo commit(
            EnvironmentRef env, String expectedHead, SortedMap<String, byte[]> files, CommitMessage message) {
        RepositoryPaths.requireValid(files);
        Objects.requireNonNull(message, "message");
        if (expectedHead == null || !ObjectId.isId(expectedHead)) {
            throw new IllegalArgumentException("expected head '" + expectedHead + "' is not a full commit id");
        }
        Repository repository = repository(env);
        return locked(env, () -> {
            ObjectId head = head(env, repository);
            if (!head.equals(ObjectId.fromString(expectedHead))) {
                throw new HeadMovedException(env, expectedHead, head.name());
            }
            return write(env, repository, head, files, message);
        });
    }

    @Override
    public Optional<CommitInfo> findByTrailer(EnvironmentRef env, String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.equalsIgnoreCase(CommitMessage.IDEMPOTENCY_KEY)) {
            return read(env, (repository, walk) -> {
                TrailerIndex index = idempotencyKeys.computeIfAbsent(env, e -> new TrailerIndex(key));
                Optional<ObjectId> found = index.find(walk, head(env, repository), value);
                return found.map(id -> GitObjects.info(parse(walk, id), true));
            });
        }
        return read(env, (repository, walk) -> GitObjects.findByTrailer(walk, head(env, repository), key, value));
    }

    @Override
    public List<CommitInfo> log(EnvironmentRef env, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        return read(env, (repository, walk) -> GitObjects.log(walk, head(env, repository), max));
    }

    /**
     * The repository of an Environment, for serving it read-only (Git upload-pack). The caller closes it when done, as
     * JGit's {@code GitServlet} and {@code Daemon} do; that releases only the caller's use of a shared instance.
     *
     * @throws NoSuchEnvironmentException if the Environment has no repository
     * @throws IllegalArgumentException if a name is not a DNS-1123 label
     */
    public Repository openForRead(String org, String env) {
        Repository repository = repository(new EnvironmentRef(org, env));
        repository.incrementOpen();
        return repository;
    }

    /**
     * Resolves {@code <org>/<env>.git} (or {@code <org>/<env>}, with or without a leading '/') to the repository, for
     * JGit's {@code GitServlet} ({@code C} = {@code HttpServletRequest}) or {@code Daemon}. Anything else, including an
     * unknown Environment, is a {@link RepositoryNotFoundException}. Serve with receive-pack disabled.
     */
    public <C> RepositoryResolver<C> resolver() {
        return (request, name) -> {
            String path = name.startsWith("/") ? name.substring(1) : name;
            path = path.endsWith(SUFFIX) ? path.substring(0, path.length() - SUFFIX.length()) : path;
            String[] parts = path.split("/", -1);
            if (parts.length != 2 || !Names.isValid(parts[0]) || !Names.isValid(parts[1])) {
                throw new RepositoryNotFoundException(name);
            }
            try {
                return openForRead(parts[0], parts[1]);
            } catch (NoSuchEnvironmentException e) {
                throw new RepositoryNotFoundException(name, e);
            }
        };
    }

    @Override
    public void close() {
        closed = true;
        repositories.values().forEach(Repository::close);
        repositories.clear();
    }

    private CommitInfo write(
            EnvironmentRef env,
            Repository repository,
            ObjectId parent,
            SortedMap<String, byte[]> files,
            CommitMessage message)
            throws IOException {
        try (ObjectInserter inserter = repository.newObjectInserter();
                RevWalk walk = new RevWalk(repository)) {
            Optional<HeadCache.Head> previous = parent == null ? Optional.empty() : heads.at(env, parent);
            Map<String, ObjectId> blobs = new HashMap<>();
            ObjectId tree = GitObjects.insertTree(
                    inserter,
                    files,
                    previous.map(HeadCache.Head::files).orElse(Collections.emptySortedMap()),
                    previous.map(HeadCache.Head::blobs).orElse(Map.of()),
                    blobs);
            if (parent != null) {
                RevCommit head = walk.parseCommit(parent);
                if (head.getTree().equals(tree)) {
                    return GitObjects.info(head, false);
                }
            }
            PersonIdent person =
                    new PersonIdent(message.authorName(), message.authorEmail(), clock.instant(), clock.getZone());
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(person);
            commit.setCommitter(person);
            commit.setMessage(message.format());
            ObjectId id = inserter.insert(commit);
            inserter.flush();

            hook.beforeRefUpdate(env);
            moveBranch(env, repository, walk, parent == null ? ObjectId.zeroId() : parent, id, message.subject());
            if (parent != null) {
                heads.put(env, new HeadCache.Head(id, files, blobs));
            }
            LOGGER.atDebug()
                    .addKeyValue("environment", env)
                    .addKeyValue("commit", id.name())
                    .log("Environment repository committed");
            return GitObjects.info(walk.parseCommit(id), true);
        }
    }

    /**
     * Moves the branch from {@code expected} to {@code id} by compare-and-swap. Another process may hold the branch's
     * lock for the moment of its own update: wait for it a little, then report that the head moved, or that the lock
     * stays held.
     */
    private void moveBranch(
            EnvironmentRef env, Repository repository, RevWalk walk, ObjectId expected, ObjectId id, String subject)
            throws IOException {
        long deadline = System.nanoTime() + lockPatience.toNanos();
        for (long pause = MIN_PAUSE.toNanos(); ; pause = Math.min(2 * pause, MAX_PAUSE.toNanos())) {
            RefUpdate update = repository.updateRef(REF);
            update.setExpectedOldObjectId(expected);
            update.setNewObjectId(id);
            update.setRefLogMessage("commit: " + subject, false);
            RefUpdate.Result result = update.update(walk);
            if (result == RefUpdate.Result.NEW || result == RefUpdate.Result.FAST_FORWARD) {
                return;
            }
            if (result != RefUpdate.Result.LOCK_FAILURE && result != RefUpdate.Result.REJECTED) {
                throw new IOException("could not move " + REF + " of " + env + ": " + result);
            }
            Ref now = repository.exactRef(REF);
            ObjectId actual = now == null ? ObjectId.zeroId() : now.getObjectId();
            if (!actual.equals(expected)) {
                throw new HeadMovedException(env, expected.name(), actual.name());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("could not move " + REF + " of " + env + ": another writer holds its lock;"
                        + " if none runs, remove the stale " + REF + ".lock");
            }
            LockSupport.parkNanos(pause);
        }
    }

    /** Moves the finished repository into place in one step; fails if another one got there first. */
    private static void publish(EnvironmentRef env, Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.exists(target)) {
                throw new EnvironmentExistsException(env);
            }
            throw e;
        }
    }

    private RevCommit inHistory(EnvironmentRef env, Repository repository, RevWalk walk, String commitId)
            throws IOException {
        if (commitId == null || !ObjectId.isId(commitId)) {
            throw new NoSuchCommitException(env, String.valueOf(commitId));
        }
        RevCommit commit;
        try {
            commit = walk.parseCommit(ObjectId.fromString(commitId));
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw new NoSuchCommitException(env, commitId);
        }
        if (!walk.isMergedInto(commit, walk.parseCommit(head(env, repository)))) {
            throw new NoSuchCommitException(env, commitId);
        }
        return commit;
    }

    private static RevCommit parse(RevWalk walk, ObjectId id) {
        try {
            return walk.parseCommit(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectId head(EnvironmentRef env, Repository repository) throws IOException {
        Ref ref = repository.exactRef(REF);
        if (ref == null || ref.getObjectId() == null) {
            throw new IOException(env + " has no " + REF);
        }
        return ref.getObjectId();
    }

    /**
     * Creates {@code objects/pack/preserved}, which JGit looks into whenever an object is not found, as it is for
     * every new object of a commit. Without the folder each of those lookups throws and catches an exception (about
     * four in five of the exceptions a commit causes, measured with {@code -Xlog:exceptions}).
     */
    private static void preservedPacks(Path gitDir) throws IOException {
        Files.createDirectories(gitDir.resolve("objects").resolve("pack").resolve("preserved"));
    }

    private Path directory(EnvironmentRef env) {
        return root.resolve(env.org()).resolve(env.env() + SUFFIX);
    }

    private Repository repository(EnvironmentRef env) {
        if (closed) {
            throw new IllegalStateException("Environment repositories are closed");
        }
        return repositories.computeIfAbsent(env, key -> {
            Path directory = directory(key);
            if (!Files.isDirectory(directory)) {
                throw new NoSuchEnvironmentException(key);
            }
            try {
                preservedPacks(directory);
                return new FileRepositoryBuilder()
                        .setGitDir(directory.toFile())
                        .setBare()
                        .setMustExist(true)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private <T> T read(EnvironmentRef env, ReadAction<T> action) {
        Repository repository = repository(env);
        try (RevWalk walk = new RevWalk(repository)) {
            return action.apply(repository, walk);
        } catch (IOException e) {
            throw new UncheckedIOException(env + ": " + e.getMessage(), e);
        }
    }

    private <T> T locked(EnvironmentRef env, WriteAction<T> action) {
        if (closed) {
            throw new IllegalStateException("Environment repositories are closed");
        }
        ReentrantLock lock = locks.computeIfAbsent(env, key -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(env + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface ReadAction<T> {
        T apply(Repository repository, RevWalk walk) throws IOException;
    }

    @FunctionalInterface
    private interface WriteAction<T> {
        T get() throws IOException;
    }
}
