package io.openova.catalyst.server.events;

import io.openova.catalyst.server.provisioning.DataConfig;
import io.openova.catalyst.spine.embedded.EmbeddedEventSpine;
import io.openova.catalyst.spine.embedded.EmbeddedKeyValueStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/**
 * The embedded spine: the event streams and the key-value store in H2 under {@code <data-dir>/spine/}. The JetStream
 * adapters (docs/events.md) replace them on Kubernetes.
 */
@ApplicationScoped
public class SpineWiring {

    @Produces
    @ApplicationScoped
    EmbeddedEventSpine spine(DataConfig config) {
        return new EmbeddedEventSpine(Path.of(config.dataDir()).resolve("spine").resolve("events"));
    }

    void close(@Disposes EmbeddedEventSpine spine) {
        spine.close();
    }

    @Produces
    @ApplicationScoped
    EmbeddedKeyValueStore store(DataConfig config) {
        return new EmbeddedKeyValueStore(
                Path.of(config.dataDir()).resolve("spine").resolve("kv"));
    }

    void close(@Disposes EmbeddedKeyValueStore store) {
        store.close();
    }

    @Produces
    @ApplicationScoped
    SpinePublisher publisher(EmbeddedEventSpine spine, EmbeddedKeyValueStore store, EventsConfig config) {
        return new SpinePublisher(spine, store, config.haltBeforePublish().orElse(0));
    }
}
