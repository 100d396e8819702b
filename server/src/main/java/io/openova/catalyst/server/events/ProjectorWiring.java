package io.openova.catalyst.server.events;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.projector.Fanout;
import io.openova.catalyst.projector.Projection;
import io.openova.catalyst.projector.Projector;
import io.openova.catalyst.projector.ReadModelStore;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.KeyValueStore;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.TreeSet;

/**
 * The projector and the SSE fan-out (rendering SSE frames once per Environment, {@link SseFrames}) over the spine. The projector runs for every Organization that has an
 * Environment, from start, and for a new Organization from its first Environment (see {@link #ensureStarted}).
 */
@ApplicationScoped
public class ProjectorWiring {
    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(ProjectorWiring.class);

    @Produces
    @ApplicationScoped
    Projector projector(EventSpine spine, KeyValueStore store) {
        return new Projector(spine, new ReadModelStore(store), Projection.defaults(), Clock.systemUTC());
    }

    void close(@Disposes Projector projector) {
        projector.close();
    }

    @Produces
    @ApplicationScoped
    Fanout<Buffer> fanout(EventSpine spine, KeyValueStore store, Projector projector) {
        return new Fanout<>(
                spine, new ReadModelStore(store), projector.projection(), Clock.systemUTC(), new SseFrames());
    }

    void close(@Disposes Fanout<Buffer> fanout) {
        fanout.close();
    }

    /** Starts the projector for every Organization with an Environment (after the recovery pass published). */
    void start(
            @Observes @Priority(20) StartupEvent startup,
            Projector projector,
            LocalEnvironmentRepositories repositories) {
        new TreeSet<>(repositories.list().stream().map(EnvironmentRef::org).toList())
                .forEach(org -> ensureStarted(projector, org));
    }

    /**
     * The projector for {@code org}, started if it is not running yet (a first Environment). A spine that cannot serve
     * the Organization yet (no NATS credentials for it) leaves it unprojected, logged: the Environment exists in Git all
     * the same, and the next Environment of the Organization or the next start tries again.
     */
    public static void ensureStarted(Projector projector, String org) {
        if (projector.organizations().contains(org)) {
            return;
        }
        try {
            projector.start(org);
        } catch (RuntimeException e) {
            LOGGER.warn("cannot project organization={} yet: {}", org, e.getMessage());
        }
    }
}
