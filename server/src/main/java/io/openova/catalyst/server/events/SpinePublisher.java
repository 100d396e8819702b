package io.openova.catalyst.server.events;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.provisioning.events.EventPublisher;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.KeyValueEntry;
import io.openova.catalyst.spine.KeyValueStore;
import io.openova.catalyst.spine.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Provisioning's events onto the spine: each event on its subject with its dedupe id (docs/events.md), and the mark of
 * what is published per Environment, kept in memory and written to the Organization's {@code publisher} bucket by
 * {@link #flush} (after each recovery pass, and at shutdown). A mark that lags after a crash only makes recovery
 * publish a few facts again, which the dedupe ids drop.
 */
public final class SpinePublisher implements EventPublisher {
    static final String BUCKET = "publisher";

    private final EventSpine spine;
    private final KeyValueStore store;
    private final java.util.concurrent.ConcurrentMap<EnvironmentRef, String> marks =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<EnvironmentRef> dirty = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final int haltAt;
    private final java.util.concurrent.atomic.AtomicInteger publishes = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean armed;

    public SpinePublisher(EventSpine spine, KeyValueStore store) {
        this(spine, store, 0);
    }

    /** @param haltAt halt the process on this publish (1 = the first), 0 never: see {@link EventsConfig#haltBeforePublish} */
    SpinePublisher(EventSpine spine, KeyValueStore store, int haltAt) {
        this.spine = spine;
        this.store = store;
        this.haltAt = haltAt;
    }

    @Override
    public void publish(List<CatalystEvent> events) {
        if (haltAt > 0 && armed && publishes.incrementAndGet() == haltAt) {
            Runtime.getRuntime().halt(137);
        }
        for (CatalystEvent event : events) {
            spine.publish(EventCodec.subject(event), EventCodec.dedupeId(event), EventCodec.encode(event));
        }
    }

    @Override
    public Optional<String> publishedUpTo(EnvironmentRef env) {
        String mark = marks.get(env);
        if (mark != null) {
            return Optional.of(mark);
        }
        Optional<String> stored = store.bucket(env.org(), BUCKET)
                .get(env.env())
                .filter(e -> e.operation() == KeyValueEntry.Operation.PUT)
                .map(e -> new String(e.value(), StandardCharsets.UTF_8));
        stored.ifPresent(m -> marks.putIfAbsent(env, m));
        return stored;
    }

    @Override
    public void publishedUpTo(EnvironmentRef env, String commitId) {
        marks.put(env, commitId);
        dirty.add(env);
    }

    /** Starts counting publishes towards the fault-injected halt: called once the recovery at start is done. */
    void arm() {
        armed = true;
    }

    /** Writes the marks that moved since the last flush. */
    public void flush() {
        for (EnvironmentRef env : List.copyOf(dirty)) {
            dirty.remove(env);
            String mark = marks.get(env);
            if (mark != null) {
                store.bucket(env.org(), BUCKET).put(env.env(), mark.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
