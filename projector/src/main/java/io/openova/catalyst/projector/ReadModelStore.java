package io.openova.catalyst.projector;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.spine.KeyValueBucket;
import io.openova.catalyst.spine.KeyValueEntry;
import io.openova.catalyst.spine.KeyValueStore;
import io.openova.catalyst.spine.Names;
import io.openova.catalyst.spine.RevisionConflictException;
import io.openova.catalyst.spine.SpineException;
import io.openova.catalyst.spine.SpineMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-Environment read models in the key-value store: bucket {@value #BUCKET} of each Organization, key = the
 * Environment's name, value = the whole {@link EnvironmentReadModel} as JSON ({@link ReadModelCodec}), its
 * {@code lastSequence} included. Every write is revision-checked ({@code create} for a new key, {@code update} with the
 * revision read), and retried on a {@link RevisionConflictException}, so concurrent writers (the projector's consumer,
 * its timeout sweep, a second replica) never lose each other's changes. Thread-safe.
 */
public final class ReadModelStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReadModelStore.class);

    /** The bucket of each Organization holding its read models. */
    public static final String BUCKET = "readmodels";
    /** How often a write is tried when other writers keep winning the race. */
    static final int MAX_ATTEMPTS = 32;
    /** The key marking a rebuild in progress: not a DNS-1123 label, so never an Environment's name. */
    public static final String REBUILD_MARKER = "_rebuilding";

    /** How many models {@link #update} keeps decoded, the most recently written ones. */
    static final int CACHED_MODELS = 1024;

    private final KeyValueStore store;
    private final ConcurrentMap<String, KeyValueBucket> buckets = new ConcurrentHashMap<>();
    /**
     * The models this store last wrote, with the revision they were written at: {@link #update} starts from one
     * instead of reading and decoding the stored value, and the revision check of its write tells it when another
     * writer moved the key meanwhile (then it reads). Guarded by itself; least recently written evicted first.
     */
    private final Map<EnvironmentRef, Written> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<EnvironmentRef, Written> eldest) {
            return size() > CACHED_MODELS;
        }
    };

    public ReadModelStore(KeyValueStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The stored model of {@code environment}, empty if there is none.
     *
     * @throws UnreadableReadModelException if the stored value cannot be read (another format, corrupt)
     */
    public Optional<EnvironmentReadModel> get(EnvironmentRef environment) {
        return bucket(environment.org()).get(environment.env()).map(entry -> decode(environment, entry));
    }

    /** The Environments of {@code organization} that have a stored model, sorted by name. */
    public List<EnvironmentRef> environments(String organization) {
        List<EnvironmentRef> out = new ArrayList<>();
        for (String key : bucket(organization).keys()) {
            if (io.openova.catalyst.api.environment.Names.isValid(key)) {
                out.add(new EnvironmentRef(organization, key));
            }
        }
        return out;
    }

    /**
     * Reads the model of {@code environment} (an empty one if there is none), applies {@code change} and writes the
     * result if it differs, retrying from a fresh read when another writer got there first. {@code change} may run
     * several times and must be pure. A model whose JSON would exceed the store's value limit loses its oldest
     * operations until it fits.
     *
     * @return the model now stored
     * @throws UnreadableReadModelException if the stored value cannot be read
     * @throws SpineException if the store fails, or other writers won {@value #MAX_ATTEMPTS} times in a row
     */
    public EnvironmentReadModel update(EnvironmentRef environment, UnaryOperator<EnvironmentReadModel> change) {
        Objects.requireNonNull(change, "change");
        KeyValueBucket bucket = bucket(environment.org());
        String key = environment.env();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Written cached = cached(environment);
            OptionalLong revision;
            EnvironmentReadModel current;
            if (cached != null) {
                revision = OptionalLong.of(cached.revision());
                current = cached.model();
            } else {
                Optional<KeyValueEntry> entry = bucket.get(key);
                revision = entry.map(e -> OptionalLong.of(e.revision())).orElseGet(OptionalLong::empty);
                current =
                        entry.map(e -> decode(environment, e)).orElseGet(() -> EnvironmentReadModel.empty(environment));
            }
            EnvironmentReadModel next = change.apply(current);
            if (!next.environment().equals(environment)) {
                throw new IllegalArgumentException(
                        "a change of the read model of " + environment + " returned one of " + next.environment());
            }
            if (next.equals(current)) {
                if (cached != null) {
                    // Nothing to write proves nothing about the store: decide again on what it holds.
                    forget(environment);
                    continue;
                }
                return current;
            }
            Bounded bounded = bounded(next);
            try {
                long now = revision.isPresent()
                        ? bucket.update(key, bounded.value(), revision.getAsLong())
                        : bucket.create(key, bounded.value());
                remember(environment, new Written(now, bounded.model()));
                return bounded.model();
            } catch (RevisionConflictException e) {
                forget(environment);
                LOGGER.debug(
                        "Read model write lost a race org={} environment={} attempt={}",
                        environment.org(),
                        environment.env(),
                        attempt);
            }
        }
        throw new SpineException("could not write the read model of " + environment + ": other writers won "
                + MAX_ATTEMPTS + " times in a row");
    }

    /** Deletes the model of {@code environment}, if there is one. */
    public void delete(EnvironmentRef environment) {
        forget(environment);
        bucket(environment.org()).delete(environment.env());
    }

    /**
     * Marks the read models of {@code organization} as being rebuilt: until {@link #endRebuild}, they may be missing
     * Environments, so a projector starting meanwhile (after a crash mid-rebuild) rebuilds them again. The marker is
     * the key {@value #REBUILD_MARKER}, which no Environment name can take.
     */
    public void beginRebuild(String organization) {
        bucket(organization).put(REBUILD_MARKER, new byte[] {'1'});
    }

    /** Whether a rebuild of {@code organization}'s read models began and did not end. */
    public boolean isRebuilding(String organization) {
        return bucket(organization).get(REBUILD_MARKER).isPresent();
    }

    /** Removes the marker of {@link #beginRebuild}. */
    public void endRebuild(String organization) {
        bucket(organization).delete(REBUILD_MARKER);
    }

    /** Deletes every read model of {@code organization} (its whole bucket). */
    public void clear(String organization) {
        synchronized (written) {
            written.keySet().removeIf(environment -> environment.org().equals(organization));
        }
        buckets.remove(organization);
        store.deleteBucket(organization, BUCKET);
    }

    /** The bucket of messages the projector could not fold, per Organization: key = stream sequence. */
    public static final String DEAD_LETTERS = "dead-letters";

    /**
     * Parks a message the projector cannot fold, with why, so it is seen and can be replayed once fixed; the stream
     * goes on. The value is JSON: {@code {"sequence", "subject", "error"}} (never the payload, which may be large).
     */
    public void park(SpineMessage message, String error) {
        com.fasterxml.jackson.databind.node.ObjectNode letter =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        letter.put("sequence", message.sequence());
        letter.put("subject", message.subject());
        letter.put("error", error);
        store.bucket(message.organization(), DEAD_LETTERS)
                .put(Long.toString(message.sequence()), letter.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The parked messages of {@code organization}: sequence → the parked JSON. */
    public java.util.SortedMap<Long, String> deadLetters(String organization) {
        KeyValueBucket bucket = store.bucket(organization, DEAD_LETTERS);
        java.util.SortedMap<Long, String> out = new java.util.TreeMap<>();
        for (String key : bucket.keys()) {
            bucket.get(key)
                    .filter(e -> e.operation() == KeyValueEntry.Operation.PUT)
                    .ifPresent(e -> out.put(Long.parseLong(key), new String(e.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    private KeyValueBucket bucket(String organization) {
        return buckets.computeIfAbsent(organization, org -> store.bucket(org, BUCKET));
    }

    private static EnvironmentReadModel decode(EnvironmentRef environment, KeyValueEntry entry) {
        EnvironmentReadModel model;
        try {
            model = ReadModelCodec.decode(entry.value());
        } catch (IllegalArgumentException e) {
            throw new UnreadableReadModelException(environment, e);
        }
        if (!model.environment().equals(environment)) {
            throw new UnreadableReadModelException(
                    environment, new IllegalArgumentException("the value holds the model of " + model.environment()));
        }
        return model;
    }

    /** {@code model}, without its oldest operations if that is what it takes to fit the store's value limit. */
    private static Bounded bounded(EnvironmentReadModel model) {
        byte[] value = ReadModelCodec.encode(model);
        EnvironmentReadModel kept = model;
        while (value.length > Names.MAX_PAYLOAD_BYTES && !kept.operations().isEmpty()) {
            int drop = Math.max(1, kept.operations().size() / 10);
            kept = new EnvironmentReadModel(
                    kept.environment(),
                    kept.lastSequence(),
                    kept.commitId(),
                    kept.applications(),
                    kept.operations().subList(drop, kept.operations().size()),
                    kept.unmatchedStatuses());
            value = ReadModelCodec.encode(kept);
        }
        if (kept != model) {
            LOGGER.warn(
                    "Read model too large, dropped oldest operations org={} environment={} dropped={}",
                    model.environment().org(),
                    model.environment().env(),
                    model.operations().size() - kept.operations().size());
        }
        return new Bounded(kept, value);
    }

    private record Bounded(EnvironmentReadModel model, byte[] value) {}

    /** A model as this store wrote it, and the revision the write got. */
    private record Written(long revision, EnvironmentReadModel model) {}

    private Written cached(EnvironmentRef environment) {
        synchronized (written) {
            return written.get(environment);
        }
    }

    private void remember(EnvironmentRef environment, Written model) {
        synchronized (written) {
            written.put(environment, model);
        }
    }

    private void forget(EnvironmentRef environment) {
        synchronized (written) {
            written.remove(environment);
        }
    }
}
