package io.openova.catalyst.projector;

import java.time.Instant;
import java.util.Objects;

/**
 * A Flux report (reconciling, ready, degraded) naming a commit the read model does not hold for that Application yet:
 * kept, a bounded number of them, so that when the Application's commit event arrives late (published again after a
 * crash of provisioning, after Flux had already applied it) the report still counts.
 *
 * @param application the Application reported on
 * @param commitId the commit Flux reported on
 * @param phase {@link ApplicationPhase#RECONCILING}, {@link ApplicationPhase#READY} or {@link ApplicationPhase#DEGRADED}
 * @param reason Flux's reason
 * @param message Flux's message
 * @param at when Flux reported it
 */
public record StatusReport(
        String application, String commitId, ApplicationPhase phase, String reason, String message, Instant at) {

    public StatusReport {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(commitId, "commitId");
        Objects.requireNonNull(phase, "phase");
        if (phase != ApplicationPhase.RECONCILING
                && phase != ApplicationPhase.READY
                && phase != ApplicationPhase.DEGRADED) {
            throw new IllegalArgumentException("a status report is reconciling, ready or degraded, was " + phase);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
