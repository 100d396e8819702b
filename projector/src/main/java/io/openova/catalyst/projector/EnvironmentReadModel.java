package io.openova.catalyst.projector;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the projector knows about one Environment, folded from its events by {@link Projection}.
 *
 * @param environment the Organization and Environment
 * @param lastSequence the stream sequence of the last event folded in (sequences count per Organization, so they skip
 *     the events of other Environments); 0 for a model that has seen no event. Events at or below it are ignored
 * @param commitId the last Environment commit an event reported
 * @param applications the installed (or pending, or failed) Applications, sorted by name; uninstalled ones leave
 * @param operations the latest operations, oldest first, at most the projection's history limit
 * @param unmatchedStatuses Flux reports waiting for their commit event, oldest first (see {@link StatusReport})
 */
public record EnvironmentReadModel(
        EnvironmentRef environment,
        long lastSequence,
        Optional<String> commitId,
        List<ApplicationView> applications,
        List<OperationView> operations,
        List<StatusReport> unmatchedStatuses) {

    public EnvironmentReadModel {
        Objects.requireNonNull(environment, "environment");
        if (lastSequence < 0) {
            throw new IllegalArgumentException("lastSequence must not be negative, was " + lastSequence);
        }
        Objects.requireNonNull(commitId, "commitId");
        applications = applications.stream()
                .sorted(Comparator.comparing(ApplicationView::name))
                .toList();
        requireUnique(
                "application", applications.stream().map(ApplicationView::name).toList());
        operations = List.copyOf(operations);
        requireUnique(
                "operation", operations.stream().map(OperationView::operationId).toList());
        unmatchedStatuses = List.copyOf(unmatchedStatuses);
    }

    /** The model of an Environment no event has reached yet. */
    public static EnvironmentReadModel empty(EnvironmentRef environment) {
        return new EnvironmentReadModel(environment, 0, Optional.empty(), List.of(), List.of(), List.of());
    }

    /** Whether no event was folded in. */
    public boolean isEmpty() {
        return lastSequence == 0;
    }

    public Optional<ApplicationView> application(String name) {
        return applications.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<OperationView> operation(String operationId) {
        return operations.stream()
                .filter(o -> o.operationId().equals(operationId))
                .findFirst();
    }

    /** The latest operation that made {@code commitId}. */
    public Optional<OperationView> operationWithCommit(String commitId) {
        return operations.reversed().stream()
                .filter(o -> o.commitId().equals(Optional.of(commitId)))
                .findFirst();
    }

    /**
     * The operation {@code event} belongs to in this model: its own for requests and Environment facts; for a Flux
     * report (reconciling, ready, degraded), which carries an operation id of its own, the operation that made the
     * commit it reports on (the Application's current commit when the report names none).
     */
    public Optional<OperationView> operationFor(CatalystEvent event) {
        if (event instanceof ApplicationEvent.Reconciling
                || event instanceof ApplicationEvent.Ready
                || event instanceof ApplicationEvent.Degraded) {
            String application = ((ApplicationEvent) event).application();
            return event.meta()
                    .commitId()
                    .or(() -> application(application).flatMap(ApplicationView::commitId))
                    .flatMap(this::operationWithCommit);
        }
        return operation(event.meta().operationId());
    }

    private static void requireUnique(String what, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("duplicate " + what + " '" + name + "' in a read model");
            }
        }
    }
}
