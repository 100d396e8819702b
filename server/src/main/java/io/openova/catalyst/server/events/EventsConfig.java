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

    /**
     * The NATS servers of the JetStream spine ({@code catalyst.events.nats-servers}, comma-separated
     * {@code nats://host:port}). Unset: the embedded spine under the data directory.
     */
    java.util.Optional<java.util.List<String>> natsServers();

    /**
     * The folder with each Organization's NATS credentials ({@code catalyst.events.nats-credentials}): {@code <org>.creds}
     * (a credentials file as {@code nsc} writes it) or {@code <org>.userpass} (one line {@code user:password}). Read
     * when an Organization first publishes or is projected.
     */
    java.util.Optional<String> natsCredentials();
}
