package io.openova.catalyst.projector;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation (one API request, or a fact about the Environment) in an Environment's history.
 *
 * @param operationId the operation id every event of the operation carries
 * @param action install, reconfigure, upgrade, uninstall (Application requests), {@code create} or {@code rollback}
 *     (Environment facts), or {@code unknown} when its first event did not say
 * @param application the first Application the operation named (a composite names more in its steps); empty for
 *     Environment operations
 * @param state its outcome so far
 * @param commitId the commit it made, once committed
 * @param detail why it failed or timed out, or what it restored; empty otherwise
 * @param startedAt the time of its first event
 * @param finishedAt when it reached its current terminal state; empty while in progress
 * @param steps what happened, oldest first, at most {@link Projection#MAX_STEPS} (the oldest are dropped)
 */
public record OperationView(
        String operationId,
        String action,
        Optional<String> application,
        OperationState state,
        Optional<String> commitId,
        Optional<String> detail,
        Instant startedAt,
        Optional<Instant> finishedAt,
        List<OperationStep> steps) {

    public OperationView {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(commitId, "commitId");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (state.isTerminal() != finishedAt.isPresent()) {
            throw new IllegalArgumentException(
                    "operation " + operationId + " is " + state + ": finishedAt must be set exactly when terminal");
        }
        steps = List.copyOf(steps);
    }
}
