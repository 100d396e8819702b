package io.openova.catalyst.server.events;

import io.openova.catalyst.server.provisioning.DataConfig;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.KeyValueStore;
import io.openova.catalyst.spine.embedded.EmbeddedEventSpine;
import io.openova.catalyst.spine.embedded.EmbeddedKeyValueStore;
import io.openova.catalyst.spine.jetstream.JetStreamConnections;
import io.openova.catalyst.spine.jetstream.JetStreamEventSpine;
import io.openova.catalyst.spine.jetstream.JetStreamKeyValueStore;
import io.openova.catalyst.spine.jetstream.NatsCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The event spine: NATS JetStream when {@code catalyst.events.nats-servers} is set (one connection per Organization,
 * with that Organization's credentials, docs/events.md), else the embedded adapters in H2 under
 * {@code <data-dir>/spine/} ({@code events} and {@code kv}).
 */
@ApplicationScoped
public class SpineWiring {

    /** The two adapters and what owns their connections, closed together. */
    record Adapters(EventSpine spine, KeyValueStore store, Optional<JetStreamConnections> connections) {
        void close() {
            store.close();
            spine.close();
            connections.ifPresent(JetStreamConnections::close);
        }
    }

    @Produces
    @Singleton
    Adapters adapters(DataConfig data, EventsConfig config) {
        if (config.natsServers().isPresent()) {
            Path folder = Path.of(config.natsCredentials()
                    .orElseThrow(() -> new IllegalStateException(
                            "catalyst.events.nats-credentials must name the folder of the Organizations' NATS"
                                    + " credentials when catalyst.events.nats-servers is set")));
            JetStreamConnections connections =
                    new JetStreamConnections(config.natsServers().get(), org -> credentials(folder, org));
            return new Adapters(
                    new JetStreamEventSpine(connections),
                    new JetStreamKeyValueStore(connections),
                    Optional.of(connections));
        }
        Path spine = Path.of(data.dataDir()).resolve("spine");
        return new Adapters(
                new EmbeddedEventSpine(spine.resolve("events")),
                new EmbeddedKeyValueStore(spine.resolve("kv")),
                Optional.empty());
    }

    /** {@code <org>.creds}, else {@code <org>.userpass} ({@code user:password}), else none. */
    static Optional<NatsCredentials> credentials(Path folder, String organization) {
        Path creds = folder.resolve(organization + ".creds");
        if (Files.isRegularFile(creds)) {
            return Optional.of(new NatsCredentials.CredentialsFile(creds));
        }
        Path userpass = folder.resolve(organization + ".userpass");
        if (!Files.isRegularFile(userpass)) {
            return Optional.empty();
        }
        try {
            String line = Files.readString(userpass, StandardCharsets.UTF_8).strip();
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw new IllegalStateException(userpass + " must hold one line user:password");
            }
            return Optional.of(new NatsCredentials.UserPassword(line.substring(0, colon), line.substring(colon + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close(@Disposes Adapters adapters) {
        adapters.close();
    }

    @Produces
    @ApplicationScoped
    EventSpine spine(Adapters adapters) {
        return adapters.spine();
    }

    @Produces
    @ApplicationScoped
    KeyValueStore store(Adapters adapters) {
        return adapters.store();
    }

    @Produces
    @ApplicationScoped
    SpinePublisher publisher(EventSpine spine, KeyValueStore store, EventsConfig config) {
        return new SpinePublisher(spine, store, config.haltBeforePublish().orElse(0));
    }
}
