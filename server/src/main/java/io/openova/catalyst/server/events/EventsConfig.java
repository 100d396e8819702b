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
}
