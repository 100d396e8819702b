package io.openova.catalyst.projector;

/** Where an Application stands in the read model (docs/events.md, "Read models (projector)"). */
public enum ApplicationPhase {
    /** Requested or validated, not yet committed to Git. */
    PENDING,
    /** In Git; Flux has not reported on this commit yet. */
    COMMITTED,
    /** Flux is applying the commit. */
    RECONCILING,
    /** Flux reports the Application ready at its commit. */
    READY,
    /** Flux reports the Application failing at its commit. */
    DEGRADED,
    /** The request failed (or timed out) and the Application was never committed. */
    FAILED
}
