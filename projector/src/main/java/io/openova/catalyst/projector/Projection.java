package io.openova.catalyst.projector;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.api.event.EnvironmentEvent;
import io.openova.catalyst.api.event.EventMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pure fold from events to an {@link EnvironmentReadModel} (docs/events.md, "Read models (projector)"): no I/O, no
 * clock. {@link #apply} is deterministic and idempotent per sequence, so a redelivered event changes nothing;
 * {@link #expire} times out operations that got no outcome, judged against a time the caller passes in.
 *
 * <p>Decisions worth knowing:
 *
 * <ul>
 *   <li>Flux reports (reconciling, ready, degraded) change an Application only when it is in the model, committed, and
 *       at the commit the report names (or the report names none): reports never create Applications, so a late
 *       report cannot bring an uninstalled one back. A report is recorded as a step of the operation that made its
 *       commit, without changing that operation's state. A report naming a commit the Application is not at is kept
 *       (at most {@link #MAX_UNMATCHED_STATUSES}) and applied if that commit's event arrives later.
 *   <li>A commit settles its operation as succeeded whatever came before (Git is the source of truth): a timed-out or
 *       failed operation that is committed later becomes {@link OperationState#SUCCEEDED}. A succeeded operation is
 *       never reopened.
 *   <li>A failed request changes the phase only of an Application that was never committed; a committed Application
 *       keeps running what Git holds, and its {@code Accepted} condition says the last request was rejected.
 * </ul>
 */
public final class Projection {

    /** How long an operation may stay in progress unless another timeout is given. */
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMinutes(10);
    /** How many operations an Environment's history keeps unless another limit is given. */
    public static final int DEFAULT_OPERATION_HISTORY = 200;
    /** The most steps an operation keeps: the oldest are dropped. */
    public static final int MAX_STEPS = 16;
    /** The most Flux reports waiting for their commit an Environment keeps: the oldest are dropped. */
    public static final int MAX_UNMATCHED_STATUSES = 32;

    /** The action of an operation whose first event did not name one. */
    public static final String UNKNOWN_ACTION = "unknown";
    /** The action of an Environment's creation. */
    public static final String CREATE_ACTION = "create";
    /** The action of an Environment's rollback. */
    public static final String ROLLBACK_ACTION = "rollback";

    private static final String INSTALL = "install";
    private static final String UNINSTALL = "uninstall";

    private final Duration operationTimeout;
    private final int operationHistory;

    /**
     * @param operationTimeout how long an operation may stay in progress before {@link #expire} times it out, positive
     * @param operationHistory how many operations each Environment keeps, at least 1
     */
    public Projection(Duration operationTimeout, int operationHistory) {
        if (operationTimeout == null || operationTimeout.isNegative() || operationTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "operation timeout must be a positive duration, was " + operationTimeout);
        }
        if (operationHistory < 1) {
            throw new IllegalArgumentException("operation history must be at least 1, was " + operationHistory);
        }
        this.operationTimeout = operationTimeout;
        this.operationHistory = operationHistory;
    }

    /** A projection with {@link #DEFAULT_OPERATION_TIMEOUT} and {@link #DEFAULT_OPERATION_HISTORY}. */
    public static Projection defaults() {
        return new Projection(DEFAULT_OPERATION_TIMEOUT, DEFAULT_OPERATION_HISTORY);
    }

    public Duration operationTimeout() {
        return operationTimeout;
    }

    public int operationHistory() {
        return operationHistory;
    }

    /**
     * Folds {@code event}, found at {@code sequence} in its Organization's stream, into {@code model}.
     *
     * @return {@code model} itself if {@code sequence} is not after its {@code lastSequence} (already folded in)
     * @throws IllegalArgumentException if the event is about another Environment, or the sequence is not positive
     */
    public EnvironmentReadModel apply(EnvironmentReadModel model, CatalystEvent event, long sequence) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(event, "event");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
        }
        if (!event.meta().environment().equals(model.environment())) {
            throw new IllegalArgumentException("an event of " + event.meta().environment()
                    + " cannot be folded into the read model of " + model.environment());
        }
        if (sequence <= model.lastSequence()) {
            return model;
        }
        Fold fold = new Fold(model);
        switch (event) {
            case ApplicationEvent.Requested e -> fold.requested(e);
            case ApplicationEvent.Validated e -> fold.validated(e);
            case ApplicationEvent.Committed e -> fold.committed(e);
            case ApplicationEvent.Failed e -> fold.failed(e);
            case ApplicationEvent.Reconciling e ->
                fold.reported(e, ApplicationPhase.RECONCILING, Condition.Status.UNKNOWN, e.reason(), e.message());
            case ApplicationEvent.Ready e ->
                fold.reported(e, ApplicationPhase.READY, Condition.Status.TRUE, e.reason(), e.message());
            case ApplicationEvent.Degraded e ->
                fold.reported(e, ApplicationPhase.DEGRADED, Condition.Status.FALSE, e.reason(), e.message());
            case ApplicationEvent.Uninstalled e -> fold.uninstalled(e);
            case EnvironmentEvent.Created e -> fold.created(e);
            case EnvironmentEvent.RolledBack e -> fold.rolledBack(e);
        }
        return fold.build(sequence, operationHistory);
    }

    /**
     * Times out every operation still in progress whose deadline ({@code startedAt} plus the operation timeout) is
     * not after {@code now}: its state becomes {@link OperationState#TIMED_OUT}, finished at the deadline (not at
     * {@code now}, so every sweep that sees it gives the same model), with a {@code timed-out} step. An Application
     * never committed whose last operation timed out becomes {@link ApplicationPhase#FAILED}.
     *
     * @return {@code model} itself when nothing timed out
     */
    public EnvironmentReadModel expire(EnvironmentReadModel model, Instant now) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(now, "now");
        boolean due = model.operations().stream()
                .anyMatch(o -> o.state() == OperationState.IN_PROGRESS && !now.isBefore(deadline(o)));
        if (!due) {
            return model;
        }
        Fold fold = new Fold(model);
        String why = "no outcome within " + describe(operationTimeout);
        for (OperationView operation : model.operations()) {
            if (operation.state() != OperationState.IN_PROGRESS || now.isBefore(deadline(operation))) {
                continue;
            }
            Instant deadline = deadline(operation);
            OperationView timedOut = withStep(
                    new OperationView(
                            operation.operationId(),
                            operation.action(),
                            operation.application(),
                            OperationState.TIMED_OUT,
                            operation.commitId(),
                            Optional.of(why),
                            operation.startedAt(),
                            Optional.of(deadline),
                            operation.steps()),
                    new OperationStep(OperationStep.TIMED_OUT, deadline, why));
            fold.operations.put(timedOut.operationId(), timedOut);
            operation.application().map(fold.applications::get).ifPresent(app -> {
                if (app.lastOperationId().equals(operation.operationId()) && !app.isCommitted()) {
                    AppDraft draft = new AppDraft(app);
                    draft.phase = ApplicationPhase.FAILED;
                    draft.condition(
                            new Condition(Condition.ACCEPTED, Condition.Status.FALSE, "TimedOut", why, deadline));
                    draft.updatedAt = deadline;
                    fold.applications.put(app.name(), draft.view());
                }
            });
        }
        return fold.build(model.lastSequence(), operationHistory);
    }

    private Instant deadline(OperationView operation) {
        return operation.startedAt().plus(operationTimeout);
    }

    private static String describe(Duration duration) {
        if (duration.toSecondsPart() == 0 && duration.toMillisPart() == 0 && duration.toMinutes() > 0) {
            long minutes = duration.toMinutes();
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        if (duration.toMillisPart() == 0) {
            long seconds = duration.toSeconds();
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        return duration.toMillis() + " ms";
    }

    private static OperationView withStep(OperationView operation, OperationStep step) {
        List<OperationStep> steps = new ArrayList<>(operation.steps());
        steps.add(step);
        while (steps.size() > MAX_STEPS) {
            steps.removeFirst();
        }
        return new OperationView(
                operation.operationId(),
                operation.action(),
                operation.application(),
                operation.state(),
                operation.commitId(),
                operation.detail(),
                operation.startedAt(),
                operation.finishedAt(),
                steps);
    }

    /** The mutable working copy of a model while one event is folded in. */
    private static final class Fold {
        private final EnvironmentRef environment;
        private final Map<String, ApplicationView> applications = new TreeMap<>();
        /** In start order: a new operation goes last, a changed one keeps its place. */
        private final Map<String, OperationView> operations = new LinkedHashMap<>();

        private final List<StatusReport> unmatched;
        private Optional<String> commitId;

        Fold(EnvironmentReadModel model) {
            environment = model.environment();
            model.applications().forEach(a -> applications.put(a.name(), a));
            model.operations().forEach(o -> operations.put(o.operationId(), o));
            unmatched = new ArrayList<>(model.unmatchedStatuses());
            commitId = model.commitId();
        }

        EnvironmentReadModel build(long sequence, int history) {
            Iterator<String> oldest = operations.keySet().iterator();
            for (int excess = operations.size() - history; excess > 0; excess--) {
                oldest.next();
                oldest.remove();
            }
            while (unmatched.size() > MAX_UNMATCHED_STATUSES) {
                unmatched.removeFirst();
            }
            return new EnvironmentReadModel(
                    environment,
                    sequence,
                    commitId,
                    List.copyOf(applications.values()),
                    List.copyOf(operations.values()),
                    unmatched);
        }

        void requested(ApplicationEvent.Requested event) {
            EventMeta meta = event.meta();
            OperationView operation = operation(meta, event.action(), Optional.of(event.application()));
            step(operation, event.type(), event.application() + ": " + event.action() + " requested", meta.at());
            Condition accepted = new Condition(
                    Condition.ACCEPTED,
                    Condition.Status.UNKNOWN,
                    "Requested",
                    event.action() + " requested",
                    meta.at());
            ApplicationView existing = applications.get(event.application());
            if (existing == null) {
                if (event.action().equals(INSTALL)) {
                    AppDraft draft = new AppDraft(event.application(), meta.at());
                    draft.lastOperationId = meta.operationId();
                    draft.lastAction = event.action();
                    draft.condition(accepted);
                    applications.put(draft.name, draft.view());
                }
                return;
            }
            if (!existing.isCommitted() && event.action().equals(UNINSTALL)) {
                // nothing of it is in Git: uninstalling a request that never got committed just forgets it
                remove(event.application());
                return;
            }
            AppDraft draft = new AppDraft(existing);
            if (!existing.isCommitted()) {
                draft.phase = ApplicationPhase.PENDING;
            }
            draft.touch(meta, event.action());
            draft.condition(accepted);
            applications.put(draft.name, draft.view());
        }

        void validated(ApplicationEvent.Validated event) {
            EventMeta meta = event.meta();
            OperationView operation = operation(meta, UNKNOWN_ACTION, Optional.of(event.application()));
            String what = event.blueprint() + " " + event.version();
            step(operation, event.type(), event.application() + ": config valid for " + what, meta.at());
            Condition accepted = new Condition(
                    Condition.ACCEPTED, Condition.Status.UNKNOWN, "Validated", "config valid for " + what, meta.at());
            ApplicationView existing = applications.get(event.application());
            AppDraft draft;
            if (existing == null) {
                if (!operation.action().equals(INSTALL) && !operation.action().equals(UNKNOWN_ACTION)) {
                    return;
                }
                draft = new AppDraft(event.application(), meta.at());
            } else {
                draft = new AppDraft(existing);
            }
            if (!draft.committed()) {
                draft.phase = ApplicationPhase.PENDING;
                draft.blueprint = Optional.of(event.blueprint());
                draft.version = Optional.of(event.version());
            }
            draft.touch(meta, operation.action());
            draft.condition(accepted);
            applications.put(draft.name, draft.view());
        }

        void committed(ApplicationEvent.Committed event) {
            EventMeta meta = event.meta();
            String commit = meta.commitId().orElseThrow();
            OperationView operation = operation(meta, event.action(), Optional.of(event.application()));
            if (operation.action().equals(UNKNOWN_ACTION)) {
                operation = withAction(operation, event.action());
            }
            operation = succeed(operation, commit, meta.at());
            step(
                    operation,
                    event.type(),
                    event.application() + ": " + event.action() + " of " + event.blueprint() + " " + event.version()
                            + " committed as " + commit,
                    meta.at());
            commitId = Optional.of(commit);
            if (event.action().equals(UNINSTALL)) {
                remove(event.application());
                return;
            }
            ApplicationView existing = applications.get(event.application());
            AppDraft draft = existing == null ? new AppDraft(event.application(), meta.at()) : new AppDraft(existing);
            draft.phase = ApplicationPhase.COMMITTED;
            draft.blueprint = Optional.of(event.blueprint());
            draft.version = Optional.of(event.version());
            draft.commitId = Optional.of(commit);
            draft.touch(meta, event.action());
            draft.condition(new Condition(
                    Condition.ACCEPTED,
                    Condition.Status.TRUE,
                    "Committed",
                    event.action() + " committed as " + commit,
                    meta.at()));
            draft.condition(new Condition(
                    Condition.READY,
                    Condition.Status.UNKNOWN,
                    "Committed",
                    "waiting for Flux to apply " + commit,
                    meta.at()));
            // Flux may have reported on this commit before its event was published (after a crash of provisioning)
            List<StatusReport> early = unmatched.stream()
                    .filter(r -> r.application().equals(event.application())
                            && r.commitId().equals(commit))
                    .toList();
            unmatched.removeAll(early);
            early.stream().max(Comparator.comparing(StatusReport::at)).ifPresent(report -> {
                draft.phase = report.phase();
                draft.condition(new Condition(
                        Condition.READY, statusOf(report.phase()), report.reason(), report.message(), report.at()));
                step(
                        operations.get(meta.operationId()),
                        report.phase().name().toLowerCase(Locale.ROOT),
                        event.application() + ": " + report.reason() + ": " + report.message()
                                + " (reported before the commit event)",
                        report.at());
            });
            applications.put(draft.name, draft.view());
        }

        void failed(ApplicationEvent.Failed event) {
            EventMeta meta = event.meta();
            OperationView operation = operation(meta, UNKNOWN_ACTION, Optional.of(event.application()));
            String detail = "HTTP " + event.status() + ": " + event.detail();
            if (operation.state() != OperationState.SUCCEEDED && operation.state() != OperationState.FAILED) {
                operation = new OperationView(
                        operation.operationId(),
                        operation.action(),
                        operation.application(),
                        OperationState.FAILED,
                        operation.commitId(),
                        Optional.of(detail),
                        operation.startedAt(),
                        Optional.of(meta.at()),
                        operation.steps());
            }
            step(operation, event.type(), event.application() + ": " + detail, meta.at());
            ApplicationView existing = applications.get(event.application());
            if (existing == null) {
                return;
            }
            AppDraft draft = new AppDraft(existing);
            if (!existing.isCommitted()) {
                draft.phase = ApplicationPhase.FAILED;
            }
            draft.touch(meta, operation.action());
            String reason = event.status() >= 400 && event.status() < 500 ? "Rejected" : "Error";
            draft.condition(
                    new Condition(Condition.ACCEPTED, Condition.Status.FALSE, reason, event.detail(), meta.at()));
            applications.put(draft.name, draft.view());
        }

        void reported(
                ApplicationEvent event,
                ApplicationPhase phase,
                Condition.Status status,
                String reason,
                String message) {
            EventMeta meta = event.meta();
            ApplicationView existing = applications.get(event.application());
            Optional<String> reported = meta.commitId();
            reported.or(() -> Optional.ofNullable(existing).flatMap(ApplicationView::commitId))
                    .flatMap(this::operationWithCommit)
                    .ifPresent(operation -> step(
                            operation, event.type(), event.application() + ": " + reason + ": " + message, meta.at()));
            boolean applies = existing != null
                    && existing.isCommitted()
                    && (reported.isEmpty() || reported.equals(existing.commitId()));
            if (applies) {
                AppDraft draft = new AppDraft(existing);
                draft.phase = phase;
                draft.condition(new Condition(Condition.READY, status, reason, message, meta.at()));
                draft.updatedAt = meta.at();
                applications.put(draft.name, draft.view());
            } else if (reported.isPresent()) {
                unmatched.removeIf(r -> r.application().equals(event.application())
                        && r.commitId().equals(reported.get()));
                unmatched.add(new StatusReport(event.application(), reported.get(), phase, reason, message, meta.at()));
            }
        }

        void uninstalled(ApplicationEvent.Uninstalled event) {
            EventMeta meta = event.meta();
            String commit = meta.commitId().orElseThrow();
            OperationView operation = operation(meta, UNINSTALL, Optional.of(event.application()));
            if (operation.action().equals(UNKNOWN_ACTION)) {
                operation = withAction(operation, UNINSTALL);
            }
            operation = succeed(operation, commit, meta.at());
            step(operation, event.type(), event.application() + ": removed from Git at " + commit, meta.at());
            commitId = Optional.of(commit);
            remove(event.application());
        }

        void created(EnvironmentEvent.Created event) {
            EventMeta meta = event.meta();
            OperationView operation = operation(meta, CREATE_ACTION, Optional.empty());
            operation = succeed(operation, meta.commitId(), meta.at());
            step(
                    operation,
                    event.type(),
                    "environment created" + meta.commitId().map(c -> " at " + c).orElse(""),
                    meta.at());
            meta.commitId().ifPresent(c -> commitId = Optional.of(c));
        }

        void rolledBack(EnvironmentEvent.RolledBack event) {
            EventMeta meta = event.meta();
            OperationView operation = operation(meta, ROLLBACK_ACTION, Optional.empty());
            String detail = "restores the tree of " + event.target();
            operation = succeed(operation, meta.commitId(), meta.at());
            operation = new OperationView(
                    operation.operationId(),
                    operation.action(),
                    operation.application(),
                    operation.state(),
                    operation.commitId(),
                    Optional.of(detail),
                    operation.startedAt(),
                    operation.finishedAt(),
                    operation.steps());
            step(
                    operation,
                    event.type(),
                    "environment rolled back: " + detail
                            + meta.commitId().map(c -> " as " + c).orElse(""),
                    meta.at());
            meta.commitId().ifPresent(c -> commitId = Optional.of(c));
        }

        private void remove(String application) {
            applications.remove(application);
            unmatched.removeIf(r -> r.application().equals(application));
        }

        /** The event's operation, started in progress if this is its first event. */
        private OperationView operation(EventMeta meta, String action, Optional<String> application) {
            OperationView existing = operations.get(meta.operationId());
            if (existing != null) {
                return existing;
            }
            return new OperationView(
                    meta.operationId(),
                    action,
                    application,
                    OperationState.IN_PROGRESS,
                    Optional.empty(),
                    Optional.empty(),
                    meta.at(),
                    Optional.empty(),
                    List.of());
        }

        private Optional<OperationView> operationWithCommit(String commit) {
            return operations.values().stream()
                    .filter(o -> o.commitId().equals(Optional.of(commit)))
                    .reduce((first, second) -> second);
        }

        /** Stores {@code operation} with {@code step} added. */
        private void step(OperationView operation, String type, String detail, Instant at) {
            OperationView stepped = withStep(operation, new OperationStep(type, at, detail));
            operations.put(stepped.operationId(), stepped);
        }

        private static OperationView withAction(OperationView operation, String action) {
            return new OperationView(
                    operation.operationId(),
                    action,
                    operation.application(),
                    operation.state(),
                    operation.commitId(),
                    operation.detail(),
                    operation.startedAt(),
                    operation.finishedAt(),
                    operation.steps());
        }

        private static OperationView succeed(OperationView operation, String commit, Instant at) {
            return succeed(operation, Optional.of(commit), at);
        }

        private static OperationView succeed(OperationView operation, Optional<String> commit, Instant at) {
            boolean settled = operation.state() == OperationState.SUCCEEDED;
            return new OperationView(
                    operation.operationId(),
                    operation.action(),
                    operation.application(),
                    OperationState.SUCCEEDED,
                    operation.commitId().or(() -> commit),
                    settled ? operation.detail() : Optional.empty(),
                    operation.startedAt(),
                    settled ? operation.finishedAt() : Optional.of(at),
                    operation.steps());
        }

        private static Condition.Status statusOf(ApplicationPhase phase) {
            return switch (phase) {
                case READY -> Condition.Status.TRUE;
                case DEGRADED -> Condition.Status.FALSE;
                default -> Condition.Status.UNKNOWN;
            };
        }
    }

    /** The mutable working copy of one Application. */
    private static final class AppDraft {
        final String name;
        Optional<String> blueprint;
        Optional<String> version;
        ApplicationPhase phase;
        String lastOperationId;
        String lastAction;
        Optional<String> commitId;
        final Map<String, Condition> conditions = new TreeMap<>();
        final Instant createdAt;
        Instant updatedAt;

        /** A new Application, pending. */
        AppDraft(String name, Instant at) {
            this.name = name;
            blueprint = Optional.empty();
            version = Optional.empty();
            phase = ApplicationPhase.PENDING;
            lastOperationId = "";
            lastAction = "";
            commitId = Optional.empty();
            createdAt = at;
            updatedAt = at;
        }

        AppDraft(ApplicationView view) {
            name = view.name();
            blueprint = view.blueprint();
            version = view.version();
            phase = view.phase();
            lastOperationId = view.lastOperationId();
            lastAction = view.lastAction();
            commitId = view.commitId();
            view.conditions().forEach(c -> conditions.put(c.type(), c));
            createdAt = view.createdAt();
            updatedAt = view.updatedAt();
        }

        boolean committed() {
            return commitId.isPresent();
        }

        /** The Application was touched by the operation of {@code meta}. */
        void touch(EventMeta meta, String action) {
            lastOperationId = meta.operationId();
            lastAction = action;
            updatedAt = meta.at();
        }

        void condition(Condition condition) {
            conditions.put(condition.type(), condition);
        }

        ApplicationView view() {
            return new ApplicationView(
                    name,
                    blueprint,
                    version,
                    phase,
                    lastOperationId,
                    lastAction,
                    commitId,
                    List.copyOf(conditions.values()),
                    createdAt,
                    updatedAt);
        }
    }
}
