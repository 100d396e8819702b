package io.openova.catalyst.projector;

import java.time.Instant;
import java.util.Objects;

/**
 * One status condition of an Application, Kubernetes style: {@code Accepted} (the last request's fate: validated,
 * committed, rejected) and {@code Ready} (what Flux reports about the commit).
 *
 * @param type {@link #ACCEPTED} or {@link #READY}
 * @param status whether the condition holds
 * @param reason a CamelCase reason: one of ours ({@code Requested}, {@code Committed}, {@code Rejected}...) or Flux's
 * @param message what a person can act on
 * @param at when the condition was last set (the time of the event that set it)
 */
public record Condition(String type, Status status, String reason, String message, Instant at) {

    /** The condition about the last request: validated, committed or rejected. */
    public static final String ACCEPTED = "Accepted";
    /** The condition Flux reports: reconciling, ready or degraded. */
    public static final String READY = "Ready";

    /** The status of a condition, written {@code True}, {@code False}, {@code Unknown} as in Kubernetes. */
    public enum Status {
        TRUE("True"),
        FALSE("False"),
        UNKNOWN("Unknown");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        /** {@code True}, {@code False} or {@code Unknown}. */
        public String wire() {
            return wire;
        }

        /** The status written {@code wire}. */
        public static Status fromWire(String wire) {
            for (Status status : values()) {
                if (status.wire.equals(wire)) {
                    return status;
                }
            }
            throw new IllegalArgumentException("condition status must be True, False or Unknown, was '" + wire + "'");
        }
    }

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }
}
