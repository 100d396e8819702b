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
 * what is published per Environment in the Organization's {@code publisher} bucket.
 */
public final class SpinePublisher implements EventPublisher {
    static final String BUCKET = "publisher";

    private final EventSpine spine;
    private final KeyValueStore store;

    public SpinePublisher(EventSpine spine, KeyValueStore store) {
        this.spine = spine;
        this.store = store;
    }

    @Override
    public void publish(List<CatalystEvent> events) {
        for (CatalystEvent event : events) {
            spine.publish(EventCodec.subject(event), EventCodec.dedupeId(event), EventCodec.encode(event));
        }
    }

    @Override
    public Optional<String> publishedUpTo(EnvironmentRef env) {
        return store.bucket(env.org(), BUCKET)
                .get(env.env())
                .filter(e -> e.operation() == KeyValueEntry.Operation.PUT)
                .map(e -> new String(e.value(), StandardCharsets.UTF_8));
    }

    @Override
    public void publishedUpTo(EnvironmentRef env, String commitId) {
        store.bucket(env.org(), BUCKET).put(env.env(), commitId.getBytes(StandardCharsets.UTF_8));
    }
}
