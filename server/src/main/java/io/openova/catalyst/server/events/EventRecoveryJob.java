package io.openova.catalyst.server.events;

import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.provisioning.events.EventRecovery;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link EventRecovery} at start and then every {@code catalyst.events.recovery-interval} (default 1 minute). */
@ApplicationScoped
public class EventRecoveryJob {
    private static final Logger LOGGER = LoggerFactory.getLogger(EventRecoveryJob.class);

    private final EventRecovery recovery;
    private final SpinePublisher publisher;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    EventRecoveryJob(LocalEnvironmentRepositories repositories, SpinePublisher publisher, EventsConfig config) {
        this.recovery = new EventRecovery(repositories, publisher);
        this.publisher = publisher;
        this.interval = config.recoveryInterval();
    }

    void start(@Observes @Priority(10) StartupEvent startup) {
        int published = recoverNow();
        publisher.arm();
        LOGGER.info("event recovery at start: commits={}", published);
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("event-recovery").factory());
        scheduler.scheduleWithFixedDelay(this::pass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        publisher.flush();
    }

    private void pass() {
        try {
            recoverNow();
        } catch (RuntimeException e) {
            LOGGER.warn("event recovery pass failed, retried on the next", e);
        }
    }

    /** One pass now, then the marks written: what runs at start and on the interval. */
    public int recoverNow() {
        int published = recovery.recoverAll();
        publisher.flush();
        return published;
    }
}
