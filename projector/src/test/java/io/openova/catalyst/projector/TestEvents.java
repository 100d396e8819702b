package io.openova.catalyst.projector;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.api.event.EnvironmentEvent;
import io.openova.catalyst.api.event.EventMeta;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.PublishAck;
import io.openova.catalyst.spine.events.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Events of {@code acme/dev} for tests, each at {@link #T0} plus some seconds. */
final class TestEvents {
    static final String ACME = "acme";
    static final EnvironmentRef DEV = new EnvironmentRef(ACME, "dev");
    static final EnvironmentRef PROD = new EnvironmentRef(ACME, "prod");
    static final Instant T0 = Instant.parse("2026-04-27T10:00:00Z");

    private TestEvents() {}

    static Instant at(int seconds) {
        return T0.plus(Duration.ofSeconds(seconds));
    }

    static EventMeta meta(EnvironmentRef env, String operation, String commit, int seconds) {
        return new EventMeta(env, operation, Optional.ofNullable(commit), at(seconds));
    }

    static ApplicationEvent.Requested requested(String operation, String app, String action, int seconds) {
        return new ApplicationEvent.Requested(meta(DEV, operation, null, seconds), app, action);
    }

    static ApplicationEvent.Validated validated(String operation, String app, String version, int seconds) {
        return new ApplicationEvent.Validated(meta(DEV, operation, null, seconds), app, "cnpg", version);
    }

    static ApplicationEvent.Committed committed(
            String operation, String app, String action, String version, String commit, int seconds) {
        return new ApplicationEvent.Committed(meta(DEV, operation, commit, seconds), app, action, "cnpg", version);
    }

    static ApplicationEvent.Failed failed(String operation, String app, int status, String detail, int seconds) {
        return new ApplicationEvent.Failed(meta(DEV, operation, null, seconds), app, status, detail);
    }

    static ApplicationEvent.Reconciling reconciling(String flux, String app, String commit, int seconds) {
        return new ApplicationEvent.Reconciling(
                meta(DEV, flux, commit, seconds), app, "Progressing", "Running 'install' action");
    }

    static ApplicationEvent.Ready ready(String flux, String app, String commit, int seconds) {
        return new ApplicationEvent.Ready(
                meta(DEV, flux, commit, seconds), app, "InstallSucceeded", "Helm install succeeded");
    }

    static ApplicationEvent.Degraded degraded(String flux, String app, String commit, int seconds) {
        return new ApplicationEvent.Degraded(
                meta(DEV, flux, commit, seconds), app, "UpgradeFailed", "Helm upgrade failed: timed out");
    }

    static ApplicationEvent.Uninstalled uninstalled(String operation, String app, String commit, int seconds) {
        return new ApplicationEvent.Uninstalled(meta(DEV, operation, commit, seconds), app);
    }

    static EnvironmentEvent.Created created(String operation, String commit, int seconds) {
        return new EnvironmentEvent.Created(meta(DEV, operation, commit, seconds));
    }

    static EnvironmentEvent.RolledBack rolledBack(String operation, String commit, String target, int seconds) {
        return new EnvironmentEvent.RolledBack(meta(DEV, operation, commit, seconds), target);
    }

    /** An install of {@code web} from request to ready, operation {@code op-1}, commit {@code c1}. */
    static List<CatalystEvent> installToReady() {
        return List.of(
                requested("op-1", "web", "install", 0),
                validated("op-1", "web", "1.2.0", 1),
                committed("op-1", "web", "install", "1.2.0", "c1", 2),
                reconciling("flux-1", "web", "c1", 10),
                ready("flux-2", "web", "c1", 40));
    }

    /** Folds {@code events} at sequences 1, 2, 3... into an empty model of {@code acme/dev}. */
    static EnvironmentReadModel fold(Projection projection, List<? extends CatalystEvent> events) {
        EnvironmentReadModel model = EnvironmentReadModel.empty(DEV);
        long sequence = 0;
        for (CatalystEvent event : events) {
            model = projection.apply(model, event, ++sequence);
        }
        return model;
    }

    static PublishAck publish(EventSpine spine, CatalystEvent event) {
        return spine.publish(EventCodec.subject(event), EventCodec.dedupeId(event), EventCodec.encode(event));
    }

    static void publishAll(EventSpine spine, List<? extends CatalystEvent> events) {
        events.forEach(e -> publish(spine, e));
    }
}
