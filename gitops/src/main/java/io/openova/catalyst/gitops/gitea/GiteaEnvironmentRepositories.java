package io.openova.catalyst.gitops.gitea;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.CommitMessage;
import io.openova.catalyst.gitops.EnvironmentExistsException;
import io.openova.catalyst.gitops.EnvironmentRepositories;
import io.openova.catalyst.gitops.GitObjects;
import io.openova.catalyst.gitops.HeadMovedException;
import io.openova.catalyst.gitops.NoSuchCommitException;
import io.openova.catalyst.gitops.NoSuchEnvironmentException;
import io.openova.catalyst.gitops.RepositoryPaths;
import io.openova.catalyst.gitops.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Environment repositories in Gitea: one private repository {@code <org>/<env>} per Environment in a Gitea
 * organization named after the Catalyst Organization, with a push webhook to Catalyst. {@code docs/gitea.md} describes
 * the REST calls, the authentication and how to configure it.
 *
 * <h2>Reads</h2>
 *
 * Every read first fetches {@code main} over Git smart HTTP into a local bare mirror ({@code <cacheDir>/<org>/<env>.git}),
 * then reads from it: what it returns is what Gitea held at that moment, whoever wrote it.
 *
 * <h2>Writes</h2>
 *
 * A commit is built in the mirror, on top of the HEAD fetched from Gitea, and pushed with the expected old id of
 * {@code main} set to {@code expectedHead}: {@code git receive-pack} on the server moves the branch only if it still
 * points there (compare-and-swap under the ref's lock), so another Catalyst process, another mirror or a person
 * pushing cannot lose an update or be overwritten. A rejected push is answered with a fetch: if {@code main} moved, a
 * {@link HeadMovedException} carries the new HEAD; if not (the server's ref lock was held for a moment), the push is
 * tried again a few times. Writes to one Environment are also serialized within this instance.
 *
 * <h2>Creation</h2>
 *
 * {@link #create create} ensures the organization, creates the repository through the REST API, registers the push
 * webhook, then pushes the first commit with the expectation that {@code main} does not exist yet. A repository without
 * any commit counts as absent ({@link #exists}, {@link #list}) and is adopted by the next {@code create}: this is what
 * a failure between the REST calls and the first push leaves behind, so creation is all-or-nothing as the port
 * requires.
 *
 * <p>Each instance needs its own {@code cacheDir}. The token is sent as the password of HTTP Basic authentication to
 * Git and in the {@code Authorization: token} header to the API; it is never logged.
 */
public final class GiteaEnvironmentRepositories implements EnvironmentRepositories {
    private static final Logger LOGGER = LoggerFactory.getLogger(GiteaEnvironmentRepositories.class);
    private static final String REF = Constants.R_HEADS + BRANCH;
    private static final String GIT_USER = "catalyst";
    private static final RefSpec FETCH_SPEC = new RefSpec("+refs/heads/*:refs/heads/*");
    private static final int GIT_TIMEOUT_SECONDS = 60;
    private static final Duration API_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int PUSH_ATTEMPTS = 5;
    private static final Duration PUSH_PAUSE = Duration.ofMillis(20);

    private final GiteaSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final GiteaApi api;
    private final CredentialsProvider credentials;
    private final Map<String, String> authorization;
    private final ConcurrentMap<EnvironmentRef, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentMap<EnvironmentRef, Repository> mirrors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public GiteaEnvironmentRepositories(GiteaSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(API_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.api = new GiteaApi(settings, http);
        this.credentials = new UsernamePasswordCredentialsProvider(GIT_USER, settings.token());
        // sent with the first request instead of after a 401 challenge: one round trip less per fetch and push
        this.authorization = Map.of(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((GIT_USER + ":" + settings.token()).getBytes(StandardCharsets.UTF_8)));
        if (settings.isPlainHttpToAnotherHost()) {
            LOGGER.atWarn()
                    .addKeyValue("baseUrl", settings.baseUrl())
                    .log("Gitea is reached over plain http: the token travels in clear text; use https");
        }
    }

    @Override
    public CommitInfo create(EnvironmentRef env, SortedMap<String, byte[]> files, CommitMessage message) {
        RepositoryPaths.requireValid(files);
        Objects.requireNonNull(message, "message");
        return locked(env, () -> {
            api.ensureOrganization(env.org());
            if (api.createRepository(env.org(), env.env())) {
                api.createHook(env.org(), env.env());
            } else {
                boolean empty = api.repository(env.org(), env.env())
                        .map(GiteaApi.Repository::empty)
                        .orElse(false);
                if (!empty) {
                    throw new EnvironmentExistsException(env);
                }
                LOGGER.atInfo()
                        .addKeyValue("environment", env)
                        .log("Adopting the empty Gitea repository a failed creation left behind");
                api.ensureHook(env.org(), env.env());
            }
            Repository mirror = mirror(env);
            try (ObjectInserter inserter = mirror.newObjectInserter();
                    RevWalk walk = new RevWalk(mirror)) {
                ObjectId id = insertCommit(inserter, null, GitObjects.insertTree(inserter, files), message);
                inserter.flush();
                Optional<ObjectId> moved = push(env, mirror, ObjectId.zeroId(), id);
                if (moved.isPresent()) {
                    throw new EnvironmentExistsException(env);
                }
                CommitInfo first = GitObjects.info(walk.parseCommit(id), true);
                LOGGER.atInfo()
                        .addKeyValue("environment", env)
                        .addKeyValue("commit", first.id())
                        .log("Environment repository created in Gitea");
                return first;
            }
        });
    }

    @Override
    public boolean exists(EnvironmentRef env) {
        requireOpen();
        return api.repository(env.org(), env.env())
                .map(repository -> !repository.empty())
                .orElse(false);
    }

    @Override
    public List<EnvironmentRef> list() {
        requireOpen();
        List<EnvironmentRef> environments = new ArrayList<>();
        for (String org : api.organizations()) {
            if (!Names.isValid(org)) {
                continue;
            }
            for (GiteaApi.Repository repository : api.repositories(org)) {
                if (Names.isValid(repository.name()) && !repository.empty()) {
                    environments.add(new EnvironmentRef(org, repository.name()));
                }
            }
        }
        environments.sort(Comparator.comparing(EnvironmentRef::org).thenComparing(EnvironmentRef::env));
        return List.copyOf(environments);
    }

    @Override
    public Snapshot head(EnvironmentRef env) {
        return read(env, (walk, head) -> {
            RevCommit commit = walk.parseCommit(head);
            return new Snapshot(commit.name(), GitObjects.readTree(walk.getObjectReader(), commit));
        });
    }

    @Override
    public Snapshot at(EnvironmentRef env, String commitId) {
        return read(env, (walk, head) -> {
            RevCommit commit = inHistory(env, walk, head, commitId);
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
        ObjectId expected = ObjectId.fromString(expectedHead);
        return locked(env, () -> {
            Repository mirror = mirror(env);
            ObjectId head = fetchHead(env, mirror);
            if (!head.equals(expected)) {
                throw new HeadMovedException(env, expected.name(), head.name());
            }
            try (ObjectInserter inserter = mirror.newObjectInserter();
                    RevWalk walk = new RevWalk(mirror)) {
                RevCommit parent = walk.parseCommit(head);
                ObjectId tree = GitObjects.insertTree(inserter, files);
                if (parent.getTree().equals(tree)) {
                    return GitObjects.info(parent, false);
                }
                ObjectId id = insertCommit(inserter, parent, tree, message);
                inserter.flush();
                Optional<ObjectId> moved = push(env, mirror, expected, id);
                if (moved.isPresent()) {
                    throw new HeadMovedException(
                            env, expected.name(), moved.get().name());
                }
                LOGGER.atDebug()
                        .addKeyValue("environment", env)
                        .addKeyValue("commit", id.name())
                        .log("Environment repository committed to Gitea");
                return GitObjects.info(walk.parseCommit(id), true);
            }
        });
    }

    @Override
    public Optional<CommitInfo> findByTrailer(EnvironmentRef env, String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return read(env, (walk, head) -> GitObjects.findByTrailer(walk, head, key, value));
    }

    @Override
    public List<CommitInfo> log(EnvironmentRef env, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        return read(env, (walk, head) -> GitObjects.log(walk, head, max));
    }

    @Override
    public void close() {
        closed = true;
        mirrors.values().forEach(Repository::close);
        mirrors.clear();
        http.close();
    }

    private ObjectId insertCommit(ObjectInserter inserter, RevCommit parent, ObjectId tree, CommitMessage message)
            throws IOException {
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
        return inserter.insert(commit);
    }

    /**
     * Pushes {@code id} to {@code main} if {@code main} is at {@code expected} ({@link ObjectId#zeroId()}: absent).
     * Returns empty when it is there, or where {@code main} is when it had moved.
     */
    private Optional<ObjectId> push(EnvironmentRef env, Repository mirror, ObjectId expected, ObjectId id)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            RemoteRefUpdate update;
            try (Transport transport = open(env, mirror)) {
                PushResult result = transport.push(
                        NullProgressMonitor.INSTANCE,
                        List.of(new RemoteRefUpdate(mirror, null, id, REF, false, null, expected)));
                update = result.getRemoteUpdate(REF);
            } catch (NoRemoteRepositoryException e) {
                throw new NoSuchEnvironmentException(env);
            } catch (org.eclipse.jgit.errors.TransportException e) {
                throw gitFailure(env, "push to", e);
            }
            switch (update.getStatus()) {
                case OK -> {
                    setLocalHead(mirror, id);
                    return Optional.empty();
                }
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_OTHER_REASON -> {
                    Optional<ObjectId> actual = fetch(env, mirror);
                    ObjectId now = actual.orElse(ObjectId.zeroId());
                    if (now.equals(id)) {
                        return Optional.empty(); // ours landed, only its report was lost
                    }
                    if (!now.equals(expected)) {
                        return Optional.of(now);
                    }
                    if (attempt == PUSH_ATTEMPTS) {
                        throw new IOException("Gitea refused to move " + REF + " of " + env + " from "
                                + expected.name() + " " + attempt + " times: " + update.getStatus() + " "
                                + Objects.toString(update.getMessage(), ""));
                    }
                    LockSupport.parkNanos(PUSH_PAUSE.toNanos() * attempt);
                }
                default ->
                    throw new IOException("push of " + REF + " of " + env + " failed: " + update.getStatus() + " "
                            + Objects.toString(update.getMessage(), ""));
            }
        }
    }

    /** Fetches every branch from Gitea into the mirror; returns where {@code main} is, failing if it has none. */
    private ObjectId fetchHead(EnvironmentRef env, Repository mirror) throws IOException {
        return fetch(env, mirror).orElseThrow(() -> new NoSuchEnvironmentException(env));
    }

    /** Fetches every branch from Gitea into the mirror; returns where {@code main} is, empty if it has none. */
    private Optional<ObjectId> fetch(EnvironmentRef env, Repository mirror) throws IOException {
        try (Transport transport = open(env, mirror)) {
            transport.setRemoveDeletedRefs(true);
            FetchResult result = transport.fetch(NullProgressMonitor.INSTANCE, List.of(FETCH_SPEC));
            Ref main = result.getAdvertisedRef(REF);
            return main == null ? Optional.empty() : Optional.ofNullable(main.getObjectId());
        } catch (NoRemoteRepositoryException e) {
            throw new NoSuchEnvironmentException(env);
        } catch (org.eclipse.jgit.errors.TransportException e) {
            throw gitFailure(env, "fetch from", e);
        }
    }

    private Transport open(EnvironmentRef env, Repository mirror) throws IOException {
        URIish uri;
        try {
            uri = new URIish(settings.repository(env.org(), env.env()).toString());
        } catch (URISyntaxException e) {
            throw new IOException("invalid repository URL for " + env, e);
        }
        Transport transport = Transport.open(mirror, uri);
        transport.setCredentialsProvider(credentials);
        transport.setTimeout(GIT_TIMEOUT_SECONDS);
        transport.setTagOpt(TagOpt.NO_TAGS);
        if (transport instanceof TransportHttp smartHttp) {
            smartHttp.setAdditionalHeaders(authorization);
        }
        return transport;
    }

    private UncheckedIOException gitFailure(EnvironmentRef env, String what, IOException e) {
        return new UncheckedIOException(
                "Git " + what + " " + settings.repository(env.org(), env.env()) + " failed: " + e.getMessage()
                        + " (a 401 or 'not authorized' means the token is invalid, 403 or 'not permitted' that it"
                        + " lacks the scope write:repository)",
                e);
    }

    /** Points the mirror's {@code main} at what was pushed, so the next fetch negotiates from it. */
    private static void setLocalHead(Repository mirror, ObjectId id) throws IOException {
        RefUpdate update = mirror.updateRef(REF);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        update.update();
    }

    private static RevCommit inHistory(EnvironmentRef env, RevWalk walk, ObjectId head, String commitId)
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
        if (!walk.isMergedInto(commit, walk.parseCommit(head))) {
            throw new NoSuchCommitException(env, commitId);
        }
        return commit;
    }

    /** The mirror of an Environment, created empty when there is none. The caller holds the Environment's lock. */
    private Repository mirror(EnvironmentRef env) {
        return mirrors.computeIfAbsent(env, key -> {
            Path directory = directory(key);
            try {
                Repository repository = new FileRepositoryBuilder()
                        .setGitDir(directory.toFile())
                        .setBare()
                        .build();
                if (!repository.getObjectDatabase().exists()) {
                    Files.createDirectories(directory.getParent());
                    repository.create(true);
                    StoredConfig config = repository.getConfig();
                    config.setInt("gc", null, "auto", 0);
                    config.setBoolean("core", null, "logAllRefUpdates", false);
                    // one branch: protocol v0's advertisement answers "where is main?" in one request, v2 needs two
                    config.setInt("protocol", null, "version", 0);
                    config.save();
                }
                return repository;
            } catch (IOException e) {
                throw new UncheckedIOException(key + ": cannot open the mirror in " + directory, e);
            }
        });
    }

    /** Forgets a mirror that never received anything: the Environment turned out not to exist. */
    private void dropIfEmpty(EnvironmentRef env) {
        Repository mirror = mirrors.get(env);
        if (mirror == null) {
            return;
        }
        try {
            if (!mirror.getRefDatabase().hasRefs()) {
                mirrors.remove(env);
                mirror.close();
                FileUtils.delete(directory(env).toFile(), FileUtils.RECURSIVE | FileUtils.IGNORE_ERRORS);
            }
        } catch (IOException e) {
            LOGGER.atDebug().addKeyValue("environment", env).setCause(e).log("Could not drop an empty mirror");
        }
    }

    private Path directory(EnvironmentRef env) {
        return settings.cacheDir().resolve(env.org()).resolve(env.env() + ".git");
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Environment repositories are closed");
        }
    }

    /** Fetches {@code main} under the Environment's lock, then reads from the mirror without holding it. */
    private <T> T read(EnvironmentRef env, ReadAction<T> action) {
        Repository mirror;
        ObjectId head;
        ReentrantLock lock = lock(env);
        lock.lock();
        try {
            mirror = mirror(env);
            head = fetchHead(env, mirror);
        } catch (NoSuchEnvironmentException e) {
            dropIfEmpty(env);
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(env + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        try (RevWalk walk = new RevWalk(mirror)) {
            return action.apply(walk, head);
        } catch (IOException e) {
            throw new UncheckedIOException(env + ": " + e.getMessage(), e);
        }
    }

    private <T> T locked(EnvironmentRef env, WriteAction<T> action) {
        ReentrantLock lock = lock(env);
        lock.lock();
        try {
            return action.get();
        } catch (NoSuchEnvironmentException e) {
            dropIfEmpty(env);
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(env + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lock(EnvironmentRef env) {
        requireOpen();
        return locks.computeIfAbsent(env, key -> new ReentrantLock());
    }

    @FunctionalInterface
    private interface ReadAction<T> {
        T apply(RevWalk walk, ObjectId head) throws IOException;
    }

    @FunctionalInterface
    private interface WriteAction<T> {
        T get() throws IOException;
    }
}
