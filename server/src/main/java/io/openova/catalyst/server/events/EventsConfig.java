package io.openova.catalyst.server.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the event spine's wiring. */
@ConfigMapping(prefix = "catalyst.events")
public interface EventsConfig {
    /** How often the recovery pass republishes what a crash left unpublished ({@code catalyst.events.recovery-interval}). */
    @WithDefault("PT1M")
    Duration recoveryInterval();

    /**
     * Fault injection for the kill-and-restart test ({@code catalyst.events.halt-before-publish=N}): the process halts,
     * as a {@code kill -9} would stop it, on the Nth publish after the recovery at start, after the commit and before its events reach
     * the spine. Never set in production.
     */
    java.util.OptionalInt haltBeforePublish();
}
