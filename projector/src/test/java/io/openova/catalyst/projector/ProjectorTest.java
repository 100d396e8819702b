package io.openova.catalyst.projector;

import static io.openova.catalyst.projector.TestEvents.ACME;
import static io.openova.catalyst.projector.TestEvents.DEV;
import static io.openova.catalyst.projector.TestEvents.PROD;
import static io.openova.catalyst.projector.TestEvents.T0;
import static io.openova.catalyst.projector.TestEvents.committed;
import static io.openova.catalyst.projector.TestEvents.fold;
import static io.openova.catalyst.projector.TestEvents.installToReady;
import static io.openova.catalyst.projector.TestEvents.publish;
import static io.openova.catalyst.projector.TestEvents.publishAll;
import static io.openova.catalyst.projector.TestEvents.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalogEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.spine.embedded.EmbeddedEventSpine;
import io.openova.catalyst.spine.embedded.EmbeddedKeyValueStore;
import io.openova.catalyst.spine.events.CatalogEventCodec;
import io.openova.catalyst.spine.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProjectorTest {

    private final EmbeddedEventSpine spine = EmbeddedEventSpine.inMemory();
    private final EmbeddedKeyValueStore kv = EmbeddedKeyValueStore.inMemory();
    private final ReadModelStore store = new ReadModelStore(kv);
    private final Projection projection = Projection.defaults();
    private final ManualClock clock = new ManualClock(T0);
    private final Projector projector = new Projector(spine, store, projection, clock);

    @AfterEach
    void close() {
        projector.close();
        spine.close();
        kv.close();
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10));
    }

    private long storedSequence() {
        return store.get(DEV).map(EnvironmentReadModel::lastSequence).orElse(0L);
    }

    @Test
    void shouldFoldPublishedEventsIntoTheReadModel() {
        // Given
        projector.start(ACME);

        // When
        publishAll(spine, installToReady());

        // Then
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(5));
        assertThat(projector.environment(DEV)).contains(fold(projection, installToReady()));
        assertThat(projector.applications(DEV))
                .extracting(ApplicationView::name, ApplicationView::phase)
                .containsExactly(tuple("web", ApplicationPhase.READY));
    }

    @Test
    void shouldKeepEachEnvironmentInItsOwnModel() {
        // Given
        projector.start(ACME);
        ApplicationEvent.Requested inProd =
                new ApplicationEvent.Requested(TestEvents.meta(PROD, "op-9", null, 0), "api", "install");

        // When
        publish(spine, requested("op-1", "web", "install", 0));
        publish(spine, inProd);

        // Then
        eventually().untilAsserted(() -> assertThat(store.environments(ACME)).containsExactly(DEV, PROD));
        assertThat(projector.applications(DEV))
                .extracting(ApplicationView::name)
                .containsExactly("web");
        assertThat(projector.applications(PROD))
                .extracting(ApplicationView::name)
                .containsExactly("api");
        assertThat(projector.environment(PROD).orElseThrow().lastSequence()).isEqualTo(2);
    }

    @Test
    void shouldParkAMessageThatIsNoEventWithItsErrorAndGoOn() {
        // Given
        projector.start(ACME);
        spine.publish("catalyst.acme.dev.app.web.committed", "garbage-1", "not json".getBytes(StandardCharsets.UTF_8));

        // When
        publish(spine, requested("op-1", "web", "install", 0));

        // Then
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(2));
        assertThat(projector.operations(DEV))
                .extracting(OperationView::operationId)
                .containsExactly("op-1");
        assertThat(store.deadLetters(ACME)).containsOnlyKeys(1L);
        assertThat(store.deadLetters(ACME).get(1L))
                .contains("\"subject\":\"catalyst.acme.dev.app.web.committed\"", "an event is a JSON object");
    }

    @Test
    void shouldSkipTheOrganizationsAuditAndCatalogSubjectsLiveAndWhenRebuilding() {
        // Given: an audit entry and a catalog change before and after the start
        spine.publish(
                "catalyst.acme.audit.install", "audit-1", "{\"action\":\"install\"}".getBytes(StandardCharsets.UTF_8));
        CatalogEvent change = new CatalogEvent.Updated("acme", "valkey", "0.9.0", "1.0.0", "r2", Instant.EPOCH);
        spine.publish(
                CatalogEventCodec.subject(change),
                CatalogEventCodec.dedupeId(change),
                CatalogEventCodec.encode(change));
        publish(spine, requested("op-1", "web", "install", 0));
        projector.start(ACME);

        // When
        spine.publish(
                "catalyst.acme._catalog.kafka.added",
                "catalog-2",
                CatalogEventCodec.encode(new CatalogEvent.Added("acme", "kafka", "3.1.0", "r3", Instant.EPOCH)));
        publish(spine, requested("op-2", "api", "install", 1));

        // Then
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(5));
        assertThat(projector.operations(DEV))
                .extracting(OperationView::operationId)
                .containsExactly("op-1", "op-2");
        assertThat(store.environments(ACME)).containsExactly(DEV);
        assertThat(store.deadLetters(ACME)).isEmpty();
    }

    @Test
    void shouldParkAnEventPublishedOnAnotherSubjectThanItsOwn() {
        // Given: an event of dev published under prod would corrupt prod's model
        projector.start(ACME);
        CatalystEvent event = requested("op-1", "web", "install", 0);
        spine.publish("catalyst.acme.prod.app.web.requested", "misplaced", EventCodec.encode(event));

        // When
        publish(spine, requested("op-2", "api", "install", 1));

        // Then
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(2));
        assertThat(store.environments(ACME)).containsExactly(DEV);
        assertThat(projector.operations(DEV))
                .extracting(OperationView::operationId)
                .containsExactly("op-2");
        assertThat(store.deadLetters(ACME).get(1L)).contains("published on catalyst.acme.prod.app.web.requested");
    }

    @Test
    void shouldRebuildOnStartWhenTheStreamHasEventsButTheReadModelIsEmpty() {
        // Given
        publishAll(spine, installToReady());

        // When
        projector.start(ACME);

        // Then (start blocks for the rebuild)
        assertThat(projector.environment(DEV)).contains(fold(projection, installToReady()));
        assertThat(store.isRebuilding(ACME)).isFalse();
    }

    @Test
    void shouldRebuildOnStartAModelStoredInAnotherFormat() {
        // Given
        publishAll(spine, installToReady());
        projector.start(ACME);
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(5));
        projector.stop(ACME);
        kv.bucket(ACME, ReadModelStore.BUCKET).put("dev", "{\"format\":0}".getBytes(StandardCharsets.UTF_8));

        // When
        projector.start(ACME);

        // Then
        assertThat(projector.environment(DEV)).contains(fold(projection, installToReady()));
    }

    @Test
    void shouldFinishARebuildThatWasInterrupted() {
        // Given: a rebuild stored prod, then the process died before dev
        publish(spine, requested("op-1", "web", "install", 0));
        publish(spine, new ApplicationEvent.Requested(TestEvents.meta(PROD, "op-9", null, 1), "api", "install"));
        store.beginRebuild(ACME);
        store.update(
                PROD,
                model -> projection.apply(
                        model,
                        new ApplicationEvent.Requested(TestEvents.meta(PROD, "op-9", null, 1), "api", "install"),
                        2));

        // When
        projector.start(ACME);

        // Then
        assertThat(store.environments(ACME)).containsExactly(DEV, PROD);
        assertThat(projector.operations(DEV))
                .extracting(OperationView::operationId)
                .containsExactly("op-1");
        assertThat(store.isRebuilding(ACME)).isFalse();
    }

    @Test
    void shouldRebuildOnRequestToTheSameModel() {
        // Given
        projector.start(ACME);
        publishAll(spine, installToReady());
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(5));
        EnvironmentReadModel before = store.get(DEV).orElseThrow();

        // When
        long folded = projector.rebuild(ACME);

        // Then
        assertThat(folded).isEqualTo(5);
        assertThat(store.get(DEV)).contains(before);
        assertThat(projector.organizations()).containsExactly(ACME);
    }

    @Test
    void shouldGoOnWithEventsPublishedWhileStopped() {
        // Given
        projector.start(ACME);
        publish(spine, requested("op-1", "web", "install", 0));
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(1));
        projector.stop(ACME);
        publish(spine, committed("op-1", "web", "install", "1.2.0", "c1", 1));

        // When
        projector.start(ACME);

        // Then
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(2));
        assertThat(projector.application(DEV, "web").orElseThrow().phase()).isEqualTo(ApplicationPhase.COMMITTED);
    }

    @Test
    void shouldTimeOutOperationsInTheStoreWhenSwept() {
        // Given
        projector.start(ACME);
        publish(spine, requested("op-1", "web", "install", 0));
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(1));
        clock.advance(Duration.ofMinutes(10));

        // When
        int timedOut = projector.expire(ACME);

        // Then
        assertThat(timedOut).isEqualTo(1);
        assertThat(store.get(DEV).orElseThrow().operation("op-1").orElseThrow().state())
                .isEqualTo(OperationState.TIMED_OUT);
        assertThat(projector.expire(ACME)).isZero();
    }

    @Test
    void shouldShowAnOperationTimedOutInQueriesBeforeTheSweepStoresIt() {
        // Given
        projector.start(ACME);
        publish(spine, requested("op-1", "web", "install", 0));
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(1));

        // When
        clock.advance(Duration.ofMinutes(11));

        // Then
        assertThat(projector.operation(DEV, "op-1").map(OperationView::state)).contains(OperationState.TIMED_OUT);
        assertThat(store.get(DEV).orElseThrow().operation("op-1").orElseThrow().state())
                .isEqualTo(OperationState.IN_PROGRESS);
    }

    @Test
    void shouldSweepStartedOrganizationsOnItsOwn() {
        // Given
        try (Projector sweeping = new Projector(spine, store, projection, clock, Duration.ofMillis(20))) {
            sweeping.start(ACME);
            publish(spine, requested("op-1", "web", "install", 0));
            eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(1));

            // When
            clock.advance(Duration.ofMinutes(10));

            // Then
            eventually().untilAsserted(() -> assertThat(store.get(DEV)
                            .orElseThrow()
                            .operation("op-1")
                            .orElseThrow()
                            .state())
                    .isEqualTo(OperationState.TIMED_OUT));
        }
    }

    @Test
    void shouldAnswerQueriesAboutAnEnvironmentWithoutEventsWithNothing() {
        // Given
        projector.start(ACME);

        // When
        Optional<EnvironmentReadModel> model = projector.environment(DEV);

        // Then
        assertThat(model).isEmpty();
        assertThat(projector.applications(DEV)).isEmpty();
        assertThat(projector.operations(DEV)).isEmpty();
        assertThat(projector.operation(DEV, "op-1")).isEmpty();
    }

    @Test
    void shouldStartAnOrganizationOnceAndRefuseToStartWhenClosed() {
        // Given
        boolean first = projector.start(ACME);

        // When
        boolean second = projector.start(ACME);
        projector.close();
        Throwable afterClose = catchThrowable(() -> projector.start(ACME));

        // Then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(afterClose).isInstanceOf(IllegalStateException.class);
        assertThat(projector.organizations()).isEmpty();
    }

    @Test
    void shouldFoldAHundredEventsInStreamOrder() {
        // Given
        projector.start(ACME);
        List<CatalystEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(requested("op-" + i, "app-" + i, "install", i));
            events.add(committed("op-" + i, "app-" + i, "install", "1.0.0", "c" + i, i));
        }

        // When
        publishAll(spine, events);

        // Then
        eventually().untilAsserted(() -> assertThat(storedSequence()).isEqualTo(100));
        assertThat(store.get(DEV)).contains(fold(projection, events));
    }
}
