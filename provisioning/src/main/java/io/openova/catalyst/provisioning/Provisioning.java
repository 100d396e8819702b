package io.openova.catalyst.provisioning;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.EventMeta;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.JsonValuesMapper;
import io.openova.catalyst.catalog.Templates;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.CommitMessage;
import io.openova.catalyst.gitops.EnvironmentExistsException;
import io.openova.catalyst.gitops.EnvironmentRepositories;
import io.openova.catalyst.gitops.HeadMovedException;
import io.openova.catalyst.gitops.NoSuchCommitException;
import io.openova.catalyst.gitops.NoSuchEnvironmentException;
import io.openova.catalyst.gitops.Snapshot;
import io.openova.catalyst.gitops.diff.FileDiff;
import io.openova.catalyst.gitops.diff.TreeDiff;
import io.openova.catalyst.identity.secrets.SecretStore;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import io.openova.catalyst.provisioning.compose.ApplicationRecords;
import io.openova.catalyst.provisioning.compose.Composer;
import io.openova.catalyst.provisioning.compose.CompositionException;
import io.openova.catalyst.provisioning.compose.SecretFields;
import io.openova.catalyst.provisioning.config.ConfigValidator;
import io.openova.catalyst.provisioning.config.InvalidConfigException;
import io.openova.catalyst.provisioning.config.ValidatedConfig;
import io.openova.catalyst.provisioning.events.CommitEvents;
import io.openova.catalyst.provisioning.events.EventPublisher;
import io.openova.catalyst.provisioning.events.EventRecovery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioning use cases: install, reconfigure, upgrade, uninstall, rollback, and a preview of each.
 *
 * <p>Every operation reads the Environment repository's HEAD, derives the new set of Applications, composes the whole
 * new tree, and commits it with compare-and-swap on HEAD: one request, one commit, retried on a moved HEAD so that
 * concurrent requests never lose an update. Secret values go to the secret store, never to Git. A request with an
 * idempotency key that was already committed returns that commit and writes nothing.
 */
public final class Provisioning {
    /** Commit trailers Catalyst writes. */
    public static final String OPERATION_ID = "Operation-Id";

    public static final String REQUEST_ID = "Request-Id";
    public static final String IDEMPOTENCY_KEY = CommitMessage.IDEMPOTENCY_KEY;
    public static final String ACTION = "Catalyst-Action";
    public static final String APPLICATION = "Application";

    private static final int MAX_ATTEMPTS = 100;
    private static final Logger LOGGER = LoggerFactory.getLogger(Provisioning.class);

    private final Supplier<Catalog> catalogs;
    private final EnvironmentRepositories repositories;
    private final SecretStore secrets;
    private final Supplier<String> ids;
    private final ConcurrentHashMap<EnvironmentRef, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Records read from Git, by the content array they were read from (arrays hash by identity). */
    private final Map<byte[], ApplicationRecord> parsed = Collections.synchronizedMap(new WeakHashMap<>());

    private final ApplicationIndex index;
    private volatile Composer composer;
    private final EventPublisher publisher;
    private final Clock clock;

    public Provisioning(
            Supplier<Catalog> catalogs,
            EnvironmentRepositories repositories,
            SecretStore secrets,
            Supplier<String> ids) {
        this(catalogs, repositories, secrets, ids, EventPublisher.NONE, Clock.systemUTC());
    }

    /**
     * @param publisher where the facts of each commit go after it (docs/events.md); a failed publish is logged and
     *     left to {@link io.openova.catalyst.provisioning.events.EventRecovery}, the commit stands
     * @param clock the time of events that have no commit (a refused request)
     */
    public Provisioning(
            Supplier<Catalog> catalogs,
            EnvironmentRepositories repositories,
            SecretStore secrets,
            Supplier<String> ids,
            EventPublisher publisher,
            Clock clock) {
        this.catalogs = catalogs;
        this.repositories = repositories;
        this.secrets = secrets;
        this.ids = ids;
        this.publisher = publisher;
        this.clock = clock;
        this.index = new ApplicationIndex(this::applicationNames, clock::instant);
    }

    /** Creates an Environment: its repository, with the empty tree as the first commit. */
    public CommitInfo createEnvironment(EnvironmentRef env, RequestContext request) throws ProvisioningException {
        SortedMap<String, byte[]> tree = composer().compose(env, List.of());
        CommitInfo created;
        try {
            created = repositories.create(
                    env,
                    tree,
                    message(
                            "create environment " + env,
                            "",
                            ids.get(),
                            "create-environment",
                            Optional.empty(),
                            request));
        } catch (EnvironmentExistsException e) {
            throw ProvisioningException.conflict("Environment " + env + " exists already");
        }
        index.update(env, Set.of());
        publish(env, created, Optional.empty(), Map.of(), Map.of());
        return created;
    }

    public List<EnvironmentRef> environments(String org) {
        return repositories.list().stream().filter(e -> e.org().equals(org)).toList();
    }

    /**
     * How many Environments {@code org} has. Like {@link #applicationCount} and {@link #hasApplication} it answers
     * from an index in memory, for the quota check of every request: every commit of this process updates it at once,
     * a commit of another process on the same repositories counts within {@link ApplicationIndex#MAX_AGE}.
     */
    public int environmentCount(String org) {
        return index.environments(org);
    }

    /** How many Applications {@code org} has, over all its Environments. */
    public int applicationCount(String org) {
        return index.applications(org);
    }

    /** Whether HEAD of {@code env} has an Application {@code name}. */
    public boolean hasApplication(EnvironmentRef env, String name) {
        return index.has(env, name);
    }

    /** The Application names of every Environment of {@code org}, read from HEAD of each: what the index loads. */
    private Map<EnvironmentRef, Set<String>> applicationNames(String org) {
        Map<EnvironmentRef, Set<String>> names = new HashMap<>();
        for (EnvironmentRef env : environments(org)) {
            try {
                names.put(env, names(records(head(env))));
            } catch (ProvisioningException e) {
                throw new IllegalStateException("a listed Environment must have a HEAD: " + env, e);
            }
        }
        return names;
    }

    private static Set<String> names(List<ApplicationRecord> records) {
        return records.stream().map(ApplicationRecord::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The Helm values an Application is composed with, and the config they come from. */
    public record HelmValues(JsonNode config, JsonNode values) {}

    /**
     * For the IaC depth of the console: the Helm values (the HelmRelease's {@code spec.values}) Application {@code name}
     * of Blueprint {@code blueprint} at {@code version} (default: current) gets with {@code config}; or, given
     * {@code edited} Helm values, the config that makes it get them ({@link Templates#invert}: values bound to config
     * fields change those fields, anything the Blueprint fixes is refused at its pointer), validated against the
     * configSchema. Writes nothing. Secret fields in {@code config} are left out of the answer.
     *
     * @throws ProvisioningException 404 for an unknown Environment, Blueprint or version, 400 for a bad name, 422 naming every value
     *     that cannot be mapped back ({@link InvalidValuesProblem}) or every config violation, 409 for a Blueprint that
     *     renders no HelmRelease
     */
    public HelmValues helmValues(
            EnvironmentRef env,
            String name,
            String blueprint,
            Optional<String> version,
            JsonNode config,
            Optional<JsonNode> edited)
            throws ProvisioningException {
        name(name);
        if (!repositories.exists(env)) {
            throw notFound(env);
        }
        Blueprint at = at(catalogs.get(), blueprint, version);
        if (config == null || !config.isObject()) {
            throw ProvisioningException.badRequest("config must be a JSON object");
        }
        SecretFields secretFields =
                new SecretFields(JsonValuesMapper.toNode(at.spec().configSchema()));
        ObjectNode given = (ObjectNode) config.deepCopy();
        try {
            if (edited.isPresent()) {
                ObjectNode user = secretFields.without(given.deepCopy());
                Templates.Inversion inversion =
                        Composer.configFromHelmValues(env, record(name, at, user), at, edited.get());
                if (!inversion.violations().isEmpty()) {
                    throw new InvalidValuesProblem(inversion.violations());
                }
                // templates never bind secret fields (the catalog lint), so the secrets given stay as they are
                given = applied(given, inversion.config());
                validate(at, given);
            }
            ObjectNode user = secretFields.without(given);
            return new HelmValues(user, Composer.helmValues(env, record(name, at, user), at));
        } catch (CompositionException e) {
            throw ProvisioningException.conflict(e.getMessage());
        }
    }

    private static ApplicationRecord record(String name, Blueprint blueprint, ObjectNode config) {
        return new ApplicationRecord(
                name,
                blueprint.name(),
                blueprint.spec().version(),
                JsonValuesMapper.toMap(config),
                List.of(),
                Optional.empty());
    }

    /** {@code config} with each pointer set to its value, or removed where the value is a null node. */
    private static ObjectNode applied(ObjectNode config, Map<String, JsonNode> values) {
        ObjectNode out = config.deepCopy();
        for (Map.Entry<String, JsonNode> value : values.entrySet()) {
            if (value.getKey().isEmpty()) {
                out = value.getValue().isObject()
                        ? (ObjectNode) value.getValue().deepCopy()
                        : out.removeAll();
                continue;
            }
            ObjectNode container = out;
            JsonPointer rest = JsonPointer.compile(value.getKey());
            while (!rest.tail().matches()) {
                String property = rest.getMatchingProperty();
                JsonNode child = container.get(property);
                if (child == null || !child.isObject()) {
                    if (value.getValue().isNull()) {
                        container = null;
                        break;
                    }
                    child = container.putObject(property);
                }
                container = (ObjectNode) child;
                rest = rest.tail();
            }
            if (container == null) {
                continue;
            }
            if (value.getValue().isNull()) {
                container.remove(rest.getMatchingProperty());
            } else {
                container.set(rest.getMatchingProperty(), value.getValue());
            }
        }
        return out;
    }

    /** The Applications of an Environment, as recorded at HEAD. */
    public List<ApplicationRecord> applications(EnvironmentRef env) throws ProvisioningException {
        return records(head(env));
    }

    public Outcome apply(EnvironmentRef env, Operation operation, RequestContext request) throws ProvisioningException {
        ReentrantLock lock = locks.computeIfAbsent(env, e -> new ReentrantLock());
        lock.lock();
        try {
            return applyLocked(env, operation, request);
        } catch (ProvisioningException e) {
            if (!request.preview()) {
                publishFailure(env, operation, e);
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /** A refused request is a fact too, for the Application it named, in an Environment that exists. */
    private void publishFailure(EnvironmentRef env, Operation operation, ProvisioningException failure) {
        Optional<String> application =
                switch (operation) {
                    case Operation.Install op -> Optional.of(op.name());
                    case Operation.Reconfigure op -> Optional.of(op.name());
                    case Operation.Upgrade op -> Optional.of(op.name());
                    case Operation.Uninstall op -> Optional.of(op.name());
                    case Operation.Rollback op -> Optional.empty();
                };
        if (application.filter(Names::isValid).isEmpty() || !repositories.exists(env)) {
            return;
        }
        int status =
                switch (failure.kind()) {
                    case NOT_FOUND -> 404;
                    case CONFLICT -> 409;
                    case UNPROCESSABLE -> 422;
                    case BAD_REQUEST -> 400;
                };
        try {
            publisher.publish(List.of(new ApplicationEvent.Failed(
                    new EventMeta(env, ids.get(), Optional.empty(), clock.instant()),
                    application.get(),
                    status,
                    failure.getMessage())));
        } catch (RuntimeException e) {
            LOGGER.warn("could not publish a failed operation: env={}", env, e);
        }
    }

    /**
     * Publishes the facts of {@code commit}. The mark of what is published moves only when it stood at the commit's
     * parent, so a publish that failed earlier is never skipped: {@link EventRecovery} publishes it.
     */
    private void publish(
            EnvironmentRef env,
            CommitInfo commit,
            Optional<String> parent,
            Map<String, ApplicationRecord> before,
            Map<String, ApplicationRecord> after) {
        try {
            publisher.publish(CommitEvents.of(env, commit, before, after));
            if (publisher.publishedUpTo(env).equals(parent)) {
                publisher.publishedUpTo(env, commit.id());
            }
        } catch (RuntimeException e) {
            LOGGER.warn(
                    "could not publish the events of a commit, recovery will: env={} commit={}", env, commit.id(), e);
        }
    }

    /**
     * One writer per Environment in this process (so no request composes in vain), and compare-and-swap on HEAD
     * against writers in other processes.
     */
    private Outcome applyLocked(EnvironmentRef env, Operation operation, RequestContext request)
            throws ProvisioningException {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Snapshot head = head(env);
            if (request.idempotencyKey().isPresent() && !request.preview()) {
                Optional<Outcome> earlier = replay(env, request.idempotencyKey().get());
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            String operationId = ids.get();
            Plan plan = plan(env, head, operation, operationId);
            SortedMap<String, byte[]> tree = compose(env, plan.records());
            List<FileDiff> diff = TreeDiff.between(head.files(), tree);
            if (request.preview()) {
                return new Outcome(
                        operationId,
                        operation.action(),
                        head.commitId(),
                        !diff.isEmpty(),
                        true,
                        false,
                        diff,
                        plan.records());
            }
            Map<String, SecretChange> changes = writeSecrets(plan.secretWrites());
            CommitInfo commit;
            try {
                commit = repositories.commit(
                        env,
                        head.commitId(),
                        tree,
                        message(
                                plan.subject(),
                                plan.body(),
                                operationId,
                                operation.action(),
                                plan.application(),
                                request));
            } catch (HeadMovedException e) {
                restoreSecrets(changes);
                LOGGER.debug("head moved, retrying: env={} attempt={}", env, attempt);
                continue;
            } catch (RuntimeException e) {
                restoreSecrets(changes);
                throw e;
            }
            plan.secretDeletes().forEach(secrets::delete);
            index.update(env, names(plan.records()));
            if (commit.changed()) {
                publish(env, commit, Optional.of(head.commitId()), byName(records(head)), byName(plan.records()));
            }
            LOGGER.info(
                    "committed: env={} action={} operation={} commit={} changed={}",
                    env,
                    operation.action(),
                    operationId,
                    commit.id(),
                    commit.changed());
            return new Outcome(
                    operationId,
                    operation.action(),
                    commit.id(),
                    commit.changed(),
                    false,
                    false,
                    commit.changed() ? diff : List.of(),
                    plan.records());
        }
        throw new IllegalStateException("gave up after " + MAX_ATTEMPTS + " attempts: HEAD of " + env + " kept moving");
    }

    private Optional<Outcome> replay(EnvironmentRef env, String key) throws ProvisioningException {
        Optional<CommitInfo> commit;
        try {
            commit = repositories.findByTrailer(env, IDEMPOTENCY_KEY, key);
        } catch (NoSuchEnvironmentException e) {
            throw notFound(env);
        }
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        CommitInfo c = commit.get();
        List<ApplicationRecord> apps;
        try {
            apps = records(repositories.at(env, c.id()));
        } catch (NoSuchEnvironmentException | NoSuchCommitException e) {
            throw new IllegalStateException("a commit found in history must be readable: " + c.id(), e);
        }
        return Optional.of(new Outcome(
                c.trailers().getOrDefault(OPERATION_ID, ""),
                c.trailers().getOrDefault(ACTION, ""),
                c.id(),
                true,
                false,
                true,
                List.of(),
                apps));
    }

    /** What an operation turns into: the new records, secret writes and deletes, and how to describe the commit. */
    private record Plan(
            List<ApplicationRecord> records,
            Map<String, SortedMap<String, String>> secretWrites,
            List<String> secretDeletes,
            String subject,
            String body,
            Optional<String> application) {}

    /** {@code operationId} becomes the secrets revision of an Application whose secret values it changes. */
    private Plan plan(EnvironmentRef env, Snapshot head, Operation operation, String operationId)
            throws ProvisioningException {
        Catalog catalog = catalogs.get();
        Map<String, ApplicationRecord> current = byName(records(head));
        return switch (operation) {
            case Operation.Install install -> install(env, catalog, current, install, operationId);
            case Operation.Reconfigure reconfigure -> reconfigure(env, catalog, current, reconfigure, operationId);
            case Operation.Upgrade upgrade -> upgrade(env, catalog, current, upgrade, operationId);
            case Operation.Uninstall uninstall -> uninstall(env, catalog, current, uninstall);
            case Operation.Rollback rollback -> rollback(env, current, rollback);
        };
    }

    private Plan install(
            EnvironmentRef env,
            Catalog catalog,
            Map<String, ApplicationRecord> current,
            Operation.Install op,
            String operationId)
            throws ProvisioningException {
        name(op.name());
        Blueprint blueprint = at(catalog, op.blueprint(), op.version());
        String version = blueprint.spec().version();
        if (current.containsKey(op.name())) {
            throw ProvisioningException.conflict("Application '" + op.name() + "' exists already in " + env
                    + "; reconfigure or upgrade it, or choose another name");
        }
        if (!blueprint.spec().placement().contains(Placement.APPLICATION)) {
            throw ProvisioningException.unprocessable("Blueprint '" + blueprint.name()
                    + "' is not installable as an Application (placement: "
                    + String.join(
                            ", ",
                            blueprint.spec().placements().stream()
                                    .map(Placement::id)
                                    .toList()) + ")");
        }
        ValidatedConfig config = validate(blueprint, op.config());
        ApplicationRecord record = new ApplicationRecord(
                op.name(),
                blueprint.name(),
                version,
                config.changed(),
                secretPointers(config),
                Optional.empty(),
                config.secrets().isEmpty() ? Optional.empty() : Optional.of(operationId));
        List<ApplicationRecord> added;
        try {
            added = Composer.expand(catalog, record);
        } catch (CompositionException e) {
            throw ProvisioningException.unprocessable(e.getMessage());
        }
        Map<String, ApplicationRecord> next = new TreeMap<>(current);
        for (ApplicationRecord member : added) {
            if (next.containsKey(member.name())) {
                throw ProvisioningException.conflict("installing '" + op.name() + "' needs the name '" + member.name()
                        + "', which an Application in " + env + " already has");
            }
            next.put(member.name(), member);
        }
        requireDependencies(catalog, next, added);
        Map<String, SortedMap<String, String>> writes = new LinkedHashMap<>();
        if (!config.secrets().isEmpty()) {
            writes.put(secretKey(env, op.name()), config.secrets());
        }
        return new Plan(
                List.copyOf(next.values()),
                writes,
                List.of(),
                "install " + op.name() + " (" + blueprint.name() + " " + version + ")",
                describe(config),
                Optional.of(op.name()));
    }

    private Plan reconfigure(
            EnvironmentRef env,
            Catalog catalog,
            Map<String, ApplicationRecord> current,
            Operation.Reconfigure op,
            String operationId)
            throws ProvisioningException {
        ApplicationRecord existing = existing(env, current, op.name());
        Blueprint blueprint = blueprintOf(catalog, existing);
        ValidatedConfig config = validate(blueprint, op.config());
        return replaced(env, current, existing, existing.version(), config, "reconfigure " + op.name(), operationId);
    }

    private Plan upgrade(
            EnvironmentRef env,
            Catalog catalog,
            Map<String, ApplicationRecord> current,
            Operation.Upgrade op,
            String operationId)
            throws ProvisioningException {
        ApplicationRecord existing = existing(env, current, op.name());
        Blueprint blueprint = at(catalog, existing.blueprint(), Optional.of(op.version()));
        String version = blueprint.spec().version();
        JsonNode values = op.config().orElseGet(() -> JsonValuesMapper.toNode(existing.values()));
        ValidatedConfig config = validate(blueprint, values);
        return replaced(
                env,
                current,
                existing,
                version,
                config,
                "upgrade " + op.name() + " (" + blueprint.name() + " " + existing.version() + " -> " + version + ")",
                operationId);
    }

    private Plan replaced(
            EnvironmentRef env,
            Map<String, ApplicationRecord> current,
            ApplicationRecord existing,
            String version,
            ValidatedConfig config,
            String subject,
            String operationId) {
        Map<String, ApplicationRecord> next = new TreeMap<>(current);
        List<String> secretFields = java.util.stream.Stream.concat(
                        existing.secrets().stream(), secretPointers(config).stream())
                .distinct()
                .sorted()
                .toList();
        next.put(
                existing.name(),
                new ApplicationRecord(
                        existing.name(),
                        existing.blueprint(),
                        version,
                        config.changed(),
                        secretFields,
                        existing.partOf(),
                        config.secrets().isEmpty() ? existing.secretsRevision() : Optional.of(operationId)));
        Map<String, SortedMap<String, String>> writes = new LinkedHashMap<>();
        if (!config.secrets().isEmpty()) {
            writes.put(secretKey(env, existing.name()), config.secrets());
        }
        return new Plan(
                List.copyOf(next.values()), writes, List.of(), subject, describe(config), Optional.of(existing.name()));
    }

    private Plan uninstall(
            EnvironmentRef env, Catalog catalog, Map<String, ApplicationRecord> current, Operation.Uninstall op)
            throws ProvisioningException {
        ApplicationRecord existing = existing(env, current, op.name());
        if (existing.partOf().isPresent()) {
            throw ProvisioningException.conflict("Application '" + op.name() + "' is part of '"
                    + existing.partOf().get() + "'; uninstall '"
                    + existing.partOf().get() + "' instead");
        }
        Map<String, ApplicationRecord> next = new TreeMap<>(current);
        List<String> removed = new ArrayList<>();
        for (ApplicationRecord record : current.values()) {
            if (record.name().equals(op.name()) || partOfTree(current, record, op.name())) {
                next.remove(record.name());
                removed.add(record.name());
            }
        }
        requireDependencies(catalog, next, List.copyOf(next.values()));
        return new Plan(
                List.copyOf(next.values()),
                Map.of(),
                removed.stream().map(name -> secretKey(env, name)).toList(),
                "uninstall " + op.name() + " (" + existing.blueprint() + " " + existing.version() + ")",
                removed.size() > 1 ? "Removes " + String.join(", ", removed) + "." : "",
                Optional.of(op.name()));
    }

    private Plan rollback(EnvironmentRef env, Map<String, ApplicationRecord> current, Operation.Rollback op)
            throws ProvisioningException {
        Snapshot target;
        try {
            target = repositories.at(env, op.commit());
        } catch (NoSuchCommitException e) {
            throw ProvisioningException.notFound("no commit '" + op.commit() + "' in " + env);
        } catch (NoSuchEnvironmentException e) {
            throw notFound(env);
        }
        List<ApplicationRecord> records = records(target);
        for (ApplicationRecord record : records) {
            if (record.secrets().isEmpty()) {
                continue;
            }
            SortedMap<String, String> stored =
                    secrets.get(secretKey(env, record.name())).orElseGet(TreeMap::new);
            List<String> missing = record.secrets().stream()
                    .map(ConfigValidator::property)
                    .filter(property -> !stored.containsKey(property))
                    .toList();
            if (!missing.isEmpty()) {
                throw ProvisioningException.unprocessable("cannot roll back to " + op.commit() + ": Application '"
                        + record.name() + "' would need the secrets " + missing
                        + ", which were deleted when it was uninstalled; install it again instead");
            }
        }
        List<String> gone = current.keySet().stream()
                .filter(name -> records.stream().noneMatch(r -> r.name().equals(name)))
                .map(name -> secretKey(env, name))
                .toList();
        return new Plan(records, Map.of(), gone, "rollback to " + op.commit(), "", Optional.empty());
    }

    private static boolean partOfTree(Map<String, ApplicationRecord> all, ApplicationRecord record, String root) {
        Optional<String> parent = record.partOf();
        for (int depth = 0; parent.isPresent() && depth < 16; depth++) {
            if (parent.get().equals(root)) {
                return true;
            }
            ApplicationRecord up = all.get(parent.get());
            parent = up == null ? Optional.empty() : up.partOf();
        }
        return false;
    }

    /**
     * Every Application whose Blueprint depends on an Application-only Blueprint needs an Application of that Blueprint
     * in the same Environment (host-cluster and reachable control-plane services are there already).
     */
    private static void requireDependencies(
            Catalog catalog, Map<String, ApplicationRecord> all, List<ApplicationRecord> toCheck)
            throws ProvisioningException {
        for (ApplicationRecord record : toCheck) {
            Optional<Blueprint> blueprint = catalog.get(record.blueprint(), record.version());
            if (blueprint.isEmpty()) {
                continue;
            }
            for (String dependency : blueprint.get().spec().dependsOn()) {
                Optional<Blueprint> target = catalog.get(dependency);
                boolean providedOutside = target.map(t -> t.spec().placement().contains(Placement.HOST_CLUSTER)
                                || t.spec().placement().contains(Placement.CONTROL_PLANE))
                        .orElse(false);
                boolean installed =
                        all.values().stream().anyMatch(r -> r.blueprint().equals(dependency));
                if (!providedOutside && !installed) {
                    throw ProvisioningException.unprocessable("Application '" + record.name() + "' ("
                            + record.blueprint() + ") needs an Application of Blueprint '" + dependency
                            + "' in this Environment: install it first");
                }
            }
        }
    }

    private SortedMap<String, byte[]> compose(EnvironmentRef env, List<ApplicationRecord> records)
            throws ProvisioningException {
        try {
            return composer().compose(env, records);
        } catch (CompositionException e) {
            throw ProvisioningException.unprocessable(e.getMessage());
        }
    }

    /** A secret-store entry as it was before this attempt, and as this attempt wrote it. */
    private record SecretChange(Optional<SortedMap<String, String>> before, SortedMap<String, String> written) {}

    private Map<String, SecretChange> writeSecrets(Map<String, SortedMap<String, String>> writes) {
        Map<String, SecretChange> changes = new HashMap<>();
        for (Map.Entry<String, SortedMap<String, String>> write : writes.entrySet()) {
            Optional<SortedMap<String, String>> before = secrets.get(write.getKey());
            SortedMap<String, String> merged = new TreeMap<>(before.orElseGet(TreeMap::new));
            merged.putAll(write.getValue());
            secrets.put(write.getKey(), merged);
            changes.put(write.getKey(), new SecretChange(before, merged));
        }
        return changes;
    }

    /** Puts back what this attempt changed, unless another writer has changed the entry since. */
    private void restoreSecrets(Map<String, SecretChange> changes) {
        changes.forEach((key, change) -> {
            Optional<SortedMap<String, String>> now = secrets.get(key);
            if (now.isEmpty() || !now.get().equals(change.written())) {
                return;
            }
            change.before().ifPresentOrElse(v -> secrets.put(key, v), () -> secrets.delete(key));
        });
    }

    private static List<String> secretPointers(ValidatedConfig config) {
        return config.secretFields().stream()
                .filter(p -> config.secrets().containsKey(ConfigValidator.property(p)))
                .sorted()
                .toList();
    }

    /** Where an Application's secrets live in the secret store (and what its ExternalSecret reads). */
    public static String secretKey(EnvironmentRef env, String application) {
        return env.org() + "/" + env.env() + "/" + application;
    }

    private static ValidatedConfig validate(Blueprint blueprint, JsonNode config) throws ProvisioningException {
        try {
            return ConfigValidator.validate(blueprint, config);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigProblem(e);
        }
    }

    /** The Blueprint {@code name} at {@code version}, by default its current version; 404 naming what is missing. */
    private static Blueprint at(Catalog catalog, String name, Optional<String> version) throws ProvisioningException {
        Blueprint current = catalog.get(name)
                .orElseThrow(() -> ProvisioningException.notFound("no Blueprint named '" + name + "'"));
        if (version.isEmpty()) {
            return current;
        }
        return catalog.get(name, version.get())
                .orElseThrow(() -> ProvisioningException.notFound("Blueprint '" + name + "' has no version '"
                        + version.get() + "'; available: " + String.join(", ", catalog.versions(name))));
    }

    /** The Blueprint at the version an Application runs: what its config is checked against. */
    private static Blueprint blueprintOf(Catalog catalog, ApplicationRecord record) throws ProvisioningException {
        if (catalog.get(record.blueprint()).isEmpty()) {
            throw ProvisioningException.notFound("no Blueprint named '" + record.blueprint() + "'");
        }
        return catalog.get(record.blueprint(), record.version())
                .orElseThrow(() -> ProvisioningException.conflict("Application '" + record.name() + "' runs "
                        + record.blueprint() + " " + record.version() + ", which the catalog no longer has; upgrade it"
                        + " to one of " + String.join(", ", catalog.versions(record.blueprint())) + " first"));
    }

    private static ApplicationRecord existing(EnvironmentRef env, Map<String, ApplicationRecord> current, String name)
            throws ProvisioningException {
        name(name);
        ApplicationRecord record = current.get(name);
        if (record == null) {
            throw ProvisioningException.notFound("no Application '" + name + "' in " + env);
        }
        return record;
    }

    private static void name(String name) throws ProvisioningException {
        Optional<String> problem = Names.problem(name);
        if (problem.isPresent()) {
            throw ProvisioningException.badRequest("Application name " + problem.get());
        }
    }

    /** The composer of the current catalog, kept while the catalog stays the same so its memo is reused. */
    private Composer composer() {
        Catalog catalog = catalogs.get();
        Composer current = composer;
        if (current == null || current.catalog() != catalog) {
            current = new Composer(catalog);
            composer = current;
        }
        return current;
    }

    private Snapshot head(EnvironmentRef env) throws ProvisioningException {
        try {
            return repositories.head(env);
        } catch (NoSuchEnvironmentException e) {
            throw notFound(env);
        }
    }

    private static ProvisioningException notFound(EnvironmentRef env) {
        return ProvisioningException.notFound("no Environment " + env);
    }

    /**
     * The records of a snapshot. A repository adapter that caches its head hands out the same content arrays each
     * time, so each record is parsed once.
     */
    private List<ApplicationRecord> records(Snapshot snapshot) {
        List<ApplicationRecord> out = new ArrayList<>();
        snapshot.files().forEach((path, bytes) -> {
            if (ApplicationRecords.isRecord(path)) {
                ApplicationRecord record = parsed.get(bytes);
                if (record == null || !ApplicationRecords.path(record.name()).equals(path)) {
                    record = ApplicationRecords.read(path, bytes);
                    parsed.put(bytes, record);
                }
                out.add(record);
            }
        });
        return out;
    }

    private static Map<String, ApplicationRecord> byName(List<ApplicationRecord> records) {
        Map<String, ApplicationRecord> out = new TreeMap<>();
        records.forEach(r -> out.put(r.name(), r));
        return out;
    }

    private static String describe(ValidatedConfig config) {
        if (config.changed().isEmpty() && config.secrets().isEmpty()) {
            return "Blueprint defaults.";
        }
        StringBuilder body = new StringBuilder();
        if (!config.changed().isEmpty()) {
            body.append("Values changed from the defaults: ")
                    .append(String.join(", ", config.changed().keySet()))
                    .append('.');
        }
        if (!config.secrets().isEmpty()) {
            if (!body.isEmpty()) {
                body.append('\n');
            }
            body.append("Secrets set (stored in the secret store, not in Git): ")
                    .append(String.join(", ", config.secrets().keySet()))
                    .append('.');
        }
        return body.toString();
    }

    private static CommitMessage message(
            String subject,
            String body,
            String operationId,
            String action,
            Optional<String> application,
            RequestContext request) {
        SortedMap<String, String> trailers = new TreeMap<>();
        trailers.put(OPERATION_ID, operationId);
        trailers.put(REQUEST_ID, request.requestId());
        trailers.put(ACTION, action);
        application.ifPresent(a -> trailers.put(APPLICATION, a));
        request.idempotencyKey().ifPresent(k -> trailers.put(IDEMPOTENCY_KEY, k));
        return new CommitMessage(subject, body, trailers, request.actor(), request.actor() + "@catalyst.local");
    }
}
