package io.openova.catalyst.projector;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened to an operation: an event's type ({@code requested}, {@code committed}, {@code ready}...)
 * or {@code timed-out}.
 *
 * @param type the event type, or {@code timed-out}
 * @param at when it happened
 * @param detail what happened, naming the Application where there is one
 */
public record OperationStep(String type, Instant at, String detail) {

    /** The step the timeout sweep adds. */
    public static final String TIMED_OUT = "timed-out";

    public OperationStep {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
    }
}
