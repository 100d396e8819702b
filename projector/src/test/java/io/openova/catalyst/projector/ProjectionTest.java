package io.openova.catalyst.projector;

import static io.openova.catalyst.projector.TestEvents.DEV;
import static io.openova.catalyst.projector.TestEvents.PROD;
import static io.openova.catalyst.projector.TestEvents.at;
import static io.openova.catalyst.projector.TestEvents.committed;
import static io.openova.catalyst.projector.TestEvents.created;
import static io.openova.catalyst.projector.TestEvents.degraded;
import static io.openova.catalyst.projector.TestEvents.failed;
import static io.openova.catalyst.projector.TestEvents.fold;
import static io.openova.catalyst.projector.TestEvents.installToReady;
import static io.openova.catalyst.projector.TestEvents.meta;
import static io.openova.catalyst.projector.TestEvents.ready;
import static io.openova.catalyst.projector.TestEvents.reconciling;
import static io.openova.catalyst.projector.TestEvents.requested;
import static io.openova.catalyst.projector.TestEvents.rolledBack;
import static io.openova.catalyst.projector.TestEvents.uninstalled;
import static io.openova.catalyst.projector.TestEvents.validated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectionTest {

    private final Projection projection = Projection.defaults();

    /** One row of the table: events folded at sequences 1, 2, 3... and the phases and states they must give. */
    record Scenario(
            String name,
            List<CatalystEvent> events,
            Map<String, ApplicationPhase> phases,
            Map<String, OperationState> operations) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<CatalystEvent> events(List<CatalystEvent> first, CatalystEvent... more) {
        List<CatalystEvent> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                        new Scenario(
                                "install requested",
                                List.of(requested("op-1", "web", "install", 0)),
                                Map.of("web", ApplicationPhase.PENDING),
                                Map.of("op-1", OperationState.IN_PROGRESS)),
                        new Scenario(
                                "install validated",
                                List.of(requested("op-1", "web", "install", 0), validated("op-1", "web", "1.2.0", 1)),
                                Map.of("web", ApplicationPhase.PENDING),
                                Map.of("op-1", OperationState.IN_PROGRESS)),
                        new Scenario(
                                "install committed",
                                installToReady().subList(0, 3),
                                Map.of("web", ApplicationPhase.COMMITTED),
                                Map.of("op-1", OperationState.SUCCEEDED)),
                        new Scenario(
                                "install reconciling",
                                installToReady().subList(0, 4),
                                Map.of("web", ApplicationPhase.RECONCILING),
                                Map.of("op-1", OperationState.SUCCEEDED)),
                        new Scenario(
                                "install to ready",
                                installToReady(),
                                Map.of("web", ApplicationPhase.READY),
                                Map.of("op-1", OperationState.SUCCEEDED)),
                        new Scenario(
                                "install request failed",
                                List.of(
                                        requested("op-1", "web", "install", 0),
                                        failed("op-1", "web", 422, "/replicas: must be >= 1", 1)),
                                Map.of("web", ApplicationPhase.FAILED),
                                Map.of("op-1", OperationState.FAILED)),
                        new Scenario(
                                "failed install retried",
                                List.of(
                                        requested("op-1", "web", "install", 0),
                                        failed("op-1", "web", 422, "/replicas: must be >= 1", 1),
                                        requested("op-2", "web", "install", 5)),
                                Map.of("web", ApplicationPhase.PENDING),
                                Map.of("op-1", OperationState.FAILED, "op-2", OperationState.IN_PROGRESS)),
                        new Scenario(
                                "reconfigure of a ready app requested",
                                events(installToReady(), requested("op-2", "web", "reconfigure", 60)),
                                Map.of("web", ApplicationPhase.READY),
                                Map.of("op-1", OperationState.SUCCEEDED, "op-2", OperationState.IN_PROGRESS)),
                        new Scenario(
                                "reconfigure of a ready app committed",
                                events(
                                        installToReady(),
                                        requested("op-2", "web", "reconfigure", 60),
                                        validated("op-2", "web", "1.2.0", 61),
                                        committed("op-2", "web", "reconfigure", "1.2.0", "c2", 62)),
                                Map.of("web", ApplicationPhase.COMMITTED),
                                Map.of("op-1", OperationState.SUCCEEDED, "op-2", OperationState.SUCCEEDED)),
                        new Scenario(
                                "reconfigure of a ready app, ready again",
                                events(
                                        installToReady(),
                                        requested("op-2", "web", "reconfigure", 60),
                                        committed("op-2", "web", "reconfigure", "1.2.0", "c2", 62),
                                        ready("flux-3", "web", "c2", 90)),
                                Map.of("web", ApplicationPhase.READY),
                                Map.of("op-1", OperationState.SUCCEEDED, "op-2", OperationState.SUCCEEDED)),
                        new Scenario(
                                "rejected reconfigure keeps a ready app ready",
                                events(
                                        installToReady(),
                                        requested("op-2", "web", "reconfigure", 60),
                                        failed("op-2", "web", 422, "/replicas: must be >= 1", 61)),
                                Map.of("web", ApplicationPhase.READY),
                                Map.of("op-1", OperationState.SUCCEEDED, "op-2", OperationState.FAILED)),
                        new Scenario(
                                "uninstall removes the app",
                                events(
                                        installToReady(),
                                        requested("op-2", "web", "uninstall", 60),
                                        uninstalled("op-2", "web", "c2", 61)),
                                Map.of(),
                                Map.of("op-1", OperationState.SUCCEEDED, "op-2", OperationState.SUCCEEDED)),
                        new Scenario(
                                "uninstall requested keeps the app until committed",
                                events(installToReady(), requested("op-2", "web", "uninstall", 60)),
                                Map.of("web", ApplicationPhase.READY),
                                Map.of("op-1", OperationState.SUCCEEDED, "op-2", OperationState.IN_PROGRESS)),
                        new Scenario(
                                "uninstall of a never committed app forgets it",
                                List.of(
                                        requested("op-1", "web", "install", 0),
                                        failed("op-1", "web", 500, "git push failed", 1),
                                        requested("op-2", "web", "uninstall", 5)),
                                Map.of(),
                                Map.of("op-1", OperationState.FAILED, "op-2", OperationState.IN_PROGRESS)),
                        new Scenario(
                                "flux reports degraded",
                                events(installToReady().subList(0, 3), degraded("flux-1", "web", "c1", 30)),
                                Map.of("web", ApplicationPhase.DEGRADED),
                                Map.of("op-1", OperationState.SUCCEEDED)),
                        new Scenario(
                                "degraded app recovers",
                                events(
                                        installToReady().subList(0, 3),
                                        degraded("flux-1", "web", "c1", 30),
                                        ready("flux-2", "web", "c1", 90)),
                                Map.of("web", ApplicationPhase.READY),
                                Map.of("op-1", OperationState.SUCCEEDED)),
                        new Scenario(
                                "composite install commits several apps in one operation",
                                List.of(
                                        requested("op-1", "cortex", "install", 0),
                                        committed("op-1", "cortex-db", "install", "1.0.0", "c1", 2),
                                        committed("op-1", "cortex-cache", "install", "1.0.0", "c1", 2),
                                        committed("op-1", "cortex", "install", "1.0.0", "c1", 2),
                                        ready("flux-1", "cortex-db", "c1", 30)),
                                Map.of(
                                        "cortex", ApplicationPhase.COMMITTED,
                                        "cortex-cache", ApplicationPhase.COMMITTED,
                                        "cortex-db", ApplicationPhase.READY),
                                Map.of("op-1", OperationState.SUCCEEDED)),
                        new Scenario(
                                "flux report for an unknown app is ignored",
                                List.of(ready("flux-1", "ghost", "c9", 0)),
                                Map.of(),
                                Map.of()),
                        new Scenario(
                                "late flux report does not bring an uninstalled app back",
                                events(
                                        installToReady(),
                                        uninstalled("op-2", "web", "c2", 60),
                                        ready("flux-3", "web", "c1", 61)),
                                Map.of(),
                                Map.of("op-1", OperationState.SUCCEEDED, "op-2", OperationState.SUCCEEDED)),
                        new Scenario(
                                "stale flux report about an earlier commit is ignored",
                                events(
                                        installToReady(),
                                        committed("op-2", "web", "upgrade", "1.3.0", "c2", 60),
                                        ready("flux-3", "web", "c1", 61)),
                                Map.of("web", ApplicationPhase.COMMITTED),
                                Map.of("op-1", OperationState.SUCCEEDED, "op-2", OperationState.SUCCEEDED)),
                        new Scenario(
                                "flux report before the commit event counts once the commit arrives",
                                List.of(
                                        requested("op-1", "web", "install", 0),
                                        ready("flux-1", "web", "c1", 30),
                                        committed("op-1", "web", "install", "1.2.0", "c1", 2)),
                                Map.of("web", ApplicationPhase.READY),
                                Map.of("op-1", OperationState.SUCCEEDED)),
                        new Scenario(
                                "flux report without a commit applies to the current commit",
                                events(
                                        installToReady().subList(0, 3),
                                        new ApplicationEvent.Ready(
                                                meta(DEV, "flux-1", null, 30), "web", "Succeeded", "ok")),
                                Map.of("web", ApplicationPhase.READY),
                                Map.of("op-1", OperationState.SUCCEEDED)),
                        new Scenario(
                                "failed request for an unknown app adds no app",
                                List.of(
                                        requested("op-1", "web", "reconfigure", 0),
                                        failed("op-1", "web", 404, "no application 'web'", 1)),
                                Map.of(),
                                Map.of("op-1", OperationState.FAILED)),
                        new Scenario(
                                "environment created and rolled back",
                                events(List.of(created("op-0", "c0", 0)), rolledBack("op-9", "c5", "c3", 100)),
                                Map.of(),
                                Map.of("op-0", OperationState.SUCCEEDED, "op-9", OperationState.SUCCEEDED)))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void shouldFoldEventsIntoPhasesAndOperationStates(Scenario scenario) {
        // Given
        List<CatalystEvent> events = scenario.events();

        // When
        EnvironmentReadModel model = fold(projection, events);

        // Then
        assertThat(model.applications().stream()
                        .collect(Collectors.toMap(ApplicationView::name, ApplicationView::phase)))
                .isEqualTo(scenario.phases());
        assertThat(model.operations().stream()
                        .collect(Collectors.toMap(OperationView::operationId, OperationView::state)))
                .isEqualTo(scenario.operations());
        assertThat(model.lastSequence()).isEqualTo(events.size());
    }

    @Test
    void shouldShowBlueprintVersionCommitConditionsAndTimesOfAReadyApplication() {
        // Given
        List<CatalystEvent> events = installToReady();

        // When
        EnvironmentReadModel model = fold(projection, events);

        // Then
        ApplicationView web = model.application("web").orElseThrow();
        assertThat(web.blueprint()).contains("cnpg");
        assertThat(web.version()).contains("1.2.0");
        assertThat(web.commitId()).contains("c1");
        assertThat(web.lastOperationId()).isEqualTo("op-1");
        assertThat(web.lastAction()).isEqualTo("install");
        assertThat(web.createdAt()).isEqualTo(at(0));
        assertThat(web.updatedAt()).isEqualTo(at(40));
        assertThat(web.conditions())
                .containsExactly(
                        new Condition(
                                Condition.ACCEPTED,
                                Condition.Status.TRUE,
                                "Committed",
                                "install committed as c1",
                                at(2)),
                        new Condition(
                                Condition.READY,
                                Condition.Status.TRUE,
                                "InstallSucceeded",
                                "Helm install succeeded",
                                at(40)));
        assertThat(model.commitId()).contains("c1");
    }

    @Test
    void shouldRecordEveryEventOfAnInstallAsAStepOfItsOperation() {
        // Given
        List<CatalystEvent> events = installToReady();

        // When
        EnvironmentReadModel model = fold(projection, events);

        // Then
        OperationView install = model.operation("op-1").orElseThrow();
        assertThat(install.steps())
                .extracting(OperationStep::type)
                .containsExactly("requested", "validated", "committed", "reconciling", "ready");
        assertThat(install.action()).isEqualTo("install");
        assertThat(install.application()).contains("web");
        assertThat(install.commitId()).contains("c1");
        assertThat(install.startedAt()).isEqualTo(at(0));
        assertThat(install.finishedAt()).contains(at(2));
        assertThat(model.operations()).hasSize(1);
    }

    @Test
    void shouldNotReopenOrRefinishASucceededOperationWhenFluxReportsLater() {
        // Given
        EnvironmentReadModel committed = fold(projection, installToReady().subList(0, 3));

        // When
        EnvironmentReadModel degraded = projection.apply(committed, degraded("flux-1", "web", "c1", 30), 4);

        // Then
        OperationView install = degraded.operation("op-1").orElseThrow();
        assertThat(install.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(install.finishedAt()).contains(at(2));
        assertThat(install.steps().getLast().type()).isEqualTo("degraded");
        assertThat(degraded.application("web").orElseThrow().condition(Condition.READY))
                .map(Condition::status)
                .contains(Condition.Status.FALSE);
    }

    @Test
    void shouldKeepTheRejectionOfAReconfigureInTheConditionsOfTheStillReadyApp() {
        // Given
        EnvironmentReadModel ready = fold(projection, installToReady());

        // When
        EnvironmentReadModel rejected = projection.apply(
                projection.apply(ready, requested("op-2", "web", "reconfigure", 60), 6),
                failed("op-2", "web", 422, "/replicas: must be >= 1", 61),
                7);

        // Then
        ApplicationView web = rejected.application("web").orElseThrow();
        assertThat(web.phase()).isEqualTo(ApplicationPhase.READY);
        assertThat(web.commitId()).contains("c1");
        assertThat(web.lastOperationId()).isEqualTo("op-2");
        assertThat(web.lastAction()).isEqualTo("reconfigure");
        assertThat(web.condition(Condition.ACCEPTED))
                .contains(new Condition(
                        Condition.ACCEPTED, Condition.Status.FALSE, "Rejected", "/replicas: must be >= 1", at(61)));
        assertThat(rejected.operation("op-2").orElseThrow().detail()).contains("HTTP 422: /replicas: must be >= 1");
    }

    @Test
    void shouldRecordAFluxReportForAnUnknownAppAsAStepOfTheOperationWithItsCommit() {
        // Given: web was uninstalled at c2; Flux reports late on c2's removal
        EnvironmentReadModel uninstalled =
                fold(projection, events(installToReady(), uninstalled("op-2", "web", "c2", 60)));

        // When
        EnvironmentReadModel reported = projection.apply(uninstalled, reconciling("flux-9", "web", "c2", 70), 7);

        // Then
        assertThat(reported.applications()).isEmpty();
        OperationView uninstall = reported.operation("op-2").orElseThrow();
        assertThat(uninstall.steps()).extracting(OperationStep::type).containsExactly("uninstalled", "reconciling");
        assertThat(uninstall.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(reported.operation("flux-9")).isEmpty();
    }

    @Test
    void shouldNotCreateOperationsForFluxReports() {
        // Given
        List<CatalystEvent> events = installToReady();

        // When
        EnvironmentReadModel model = fold(projection, events);

        // Then
        assertThat(model.operations()).extracting(OperationView::operationId).containsExactly("op-1");
        assertThat(model.operationFor(events.getLast()))
                .map(OperationView::operationId)
                .contains("op-1");
    }

    @Test
    void shouldApplyAnEarlyFluxReportOnlyToItsOwnApplicationAndCommit() {
        // Given: Flux reported web ready at c1 before provisioning published c1 (recovered after a crash)
        EnvironmentReadModel early =
                fold(projection, List.of(requested("op-1", "web", "install", 0), ready("flux-1", "web", "c1", 30)));

        // When
        EnvironmentReadModel committed =
                projection.apply(early, committed("op-1", "web", "install", "1.2.0", "c1", 31), 3);

        // Then
        assertThat(early.unmatchedStatuses()).hasSize(1);
        assertThat(committed.unmatchedStatuses()).isEmpty();
        ApplicationView web = committed.application("web").orElseThrow();
        assertThat(web.phase()).isEqualTo(ApplicationPhase.READY);
        assertThat(web.condition(Condition.READY))
                .contains(new Condition(
                        Condition.READY, Condition.Status.TRUE, "InstallSucceeded", "Helm install succeeded", at(30)));
    }

    @Test
    void shouldIgnoreAnEventAtOrBelowTheLastSequenceSoRedeliveryNeverDoubleApplies() {
        // Given
        EnvironmentReadModel model = fold(projection, installToReady());

        // When
        EnvironmentReadModel again = projection.apply(model, installToReady().getLast(), 5);
        EnvironmentReadModel older = projection.apply(model, requested("op-7", "api", "install", 99), 3);

        // Then
        assertThat(again).isSameAs(model);
        assertThat(older).isSameAs(model);
    }

    @Test
    void shouldGiveTheSameModelWhenFoldingTheSameEventsAgain() {
        // Given
        List<CatalystEvent> events = events(
                installToReady(),
                requested("op-2", "web", "upgrade", 60),
                committed("op-2", "web", "upgrade", "1.3.0", "c2", 61),
                degraded("flux-3", "web", "c2", 90));

        // When
        EnvironmentReadModel first = fold(projection, events);
        EnvironmentReadModel second = fold(projection, events);

        // Then
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldRejectAnEventOfAnotherEnvironment() {
        // Given
        EnvironmentReadModel model = EnvironmentReadModel.empty(PROD);

        // When
        Throwable thrown = catchThrowable(() -> projection.apply(model, requested("op-1", "web", "install", 0), 1));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acme/dev")
                .hasMessageContaining("acme/prod");
    }

    @Test
    void shouldLeaveAnOperationInProgressBeforeItsDeadline() {
        // Given
        EnvironmentReadModel model = fold(projection, List.of(requested("op-1", "web", "install", 0)));

        // When
        EnvironmentReadModel swept =
                projection.expire(model, at(0).plus(Duration.ofMinutes(10)).minusSeconds(1));

        // Then
        assertThat(swept).isSameAs(model);
    }

    @Test
    void shouldTimeOutAnOperationStillInProgressAtItsDeadline() {
        // Given
        EnvironmentReadModel model =
                fold(projection, List.of(requested("op-1", "web", "install", 0), validated("op-1", "web", "1.2.0", 1)));

        // When
        EnvironmentReadModel swept = projection.expire(model, at(0).plus(Duration.ofHours(1)));

        // Then
        OperationView install = swept.operation("op-1").orElseThrow();
        assertThat(install.state()).isEqualTo(OperationState.TIMED_OUT);
        assertThat(install.finishedAt()).contains(at(600));
        assertThat(install.detail()).contains("no outcome within 10 minutes");
        assertThat(install.steps().getLast())
                .isEqualTo(new OperationStep("timed-out", at(600), "no outcome within 10 minutes"));
        ApplicationView web = swept.application("web").orElseThrow();
        assertThat(web.phase()).isEqualTo(ApplicationPhase.FAILED);
        assertThat(web.condition(Condition.ACCEPTED).map(Condition::reason)).contains("TimedOut");
        assertThat(swept.lastSequence()).isEqualTo(model.lastSequence());
    }

    @Test
    void shouldSettleATimedOutOperationWhenItsCommitArrivesLate() {
        // Given
        EnvironmentReadModel timedOut = projection.expire(
                fold(projection, List.of(requested("op-1", "web", "install", 0))), at(0).plus(Duration.ofHours(1)));

        // When
        EnvironmentReadModel committed =
                projection.apply(timedOut, committed("op-1", "web", "install", "1.2.0", "c1", 900), 2);

        // Then
        OperationView install = committed.operation("op-1").orElseThrow();
        assertThat(install.state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(install.finishedAt()).contains(at(900));
        assertThat(install.detail()).isEmpty();
        assertThat(install.steps())
                .extracting(OperationStep::type)
                .containsExactly("requested", "timed-out", "committed");
        assertThat(committed.application("web").orElseThrow().phase()).isEqualTo(ApplicationPhase.COMMITTED);
    }

    @Test
    void shouldNotTimeOutTerminalOperations() {
        // Given
        EnvironmentReadModel model = fold(
                projection,
                List.of(
                        requested("op-1", "web", "install", 0),
                        failed("op-1", "web", 422, "bad", 1),
                        requested("op-2", "api", "install", 2),
                        committed("op-2", "api", "install", "1.0.0", "c1", 3)));

        // When
        EnvironmentReadModel swept = projection.expire(model, at(0).plus(Duration.ofDays(1)));

        // Then
        assertThat(swept).isSameAs(model);
    }

    @Test
    void shouldKeepOnlyTheLatestOperationsOfTheHistory() {
        // Given
        Projection shortHistory = new Projection(Duration.ofMinutes(10), 3);
        List<CatalystEvent> events = IntStream.rangeClosed(1, 5)
                .mapToObj(i -> (CatalystEvent) requested("op-" + i, "app-" + i, "install", i))
                .toList();

        // When
        EnvironmentReadModel model = fold(shortHistory, events);

        // Then
        assertThat(model.operations()).extracting(OperationView::operationId).containsExactly("op-3", "op-4", "op-5");
        assertThat(model.applications()).hasSize(5);
    }

    @Test
    void shouldKeepTheLatestStepsOfAnOperation() {
        // Given
        List<CatalystEvent> events = new ArrayList<>(installToReady());
        for (int i = 0; i < Projection.MAX_STEPS; i++) {
            events.add(ready("flux-r" + i, "web", "c1", 100 + i));
        }

        // When
        EnvironmentReadModel model = fold(projection, events);

        // Then
        List<OperationStep> steps = model.operation("op-1").orElseThrow().steps();
        assertThat(steps).hasSize(Projection.MAX_STEPS);
        assertThat(steps.getLast().at()).isEqualTo(at(100 + Projection.MAX_STEPS - 1));
    }

    @Test
    void shouldOrderApplicationsByName() {
        // Given
        List<CatalystEvent> events = List.of(
                requested("op-1", "zeta", "install", 0),
                requested("op-2", "alpha", "install", 1),
                requested("op-3", "mid", "install", 2));

        // When
        EnvironmentReadModel model = fold(projection, events);

        // Then
        assertThat(model.applications()).extracting(ApplicationView::name).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void shouldRecordWhatARollbackRestores() {
        // Given
        List<CatalystEvent> events = List.of(created("op-0", "c0", 0), rolledBack("op-9", "c5", "c3", 100));

        // When
        EnvironmentReadModel model = fold(projection, events);

        // Then
        OperationView rollback = model.operation("op-9").orElseThrow();
        assertThat(rollback.action()).isEqualTo(Projection.ROLLBACK_ACTION);
        assertThat(rollback.commitId()).contains("c5");
        assertThat(rollback.detail()).contains("restores the tree of c3");
        assertThat(rollback.application()).isEmpty();
        assertThat(model.commitId()).contains("c5");
    }

    @Test
    void shouldRejectANonPositiveTimeoutOrHistory() {
        // Given
        Map<String, Runnable> constructions = new LinkedHashMap<>();
        constructions.put("zero timeout", () -> new Projection(Duration.ZERO, 10));
        constructions.put("no history", () -> new Projection(Duration.ofMinutes(1), 0));

        // When
        Map<String, Optional<Throwable>> thrown = new LinkedHashMap<>();
        constructions.forEach(
                (name, construction) -> thrown.put(name, Optional.ofNullable(catchThrowable(construction::run))));

        // Then
        assertThat(thrown.get("zero timeout")).get().isInstanceOf(IllegalArgumentException.class);
        assertThat(thrown.get("no history")).get().isInstanceOf(IllegalArgumentException.class);
    }
}
