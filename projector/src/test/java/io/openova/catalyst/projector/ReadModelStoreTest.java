package io.openova.catalyst.projector;

import static io.openova.catalyst.projector.TestEvents.ACME;
import static io.openova.catalyst.projector.TestEvents.DEV;
import static io.openova.catalyst.projector.TestEvents.PROD;
import static io.openova.catalyst.projector.TestEvents.installToReady;
import static io.openova.catalyst.projector.TestEvents.requested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.spine.KeyValueBucket;
import io.openova.catalyst.spine.Names;
import io.openova.catalyst.spine.embedded.EmbeddedKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadModelStoreTest {

    private final EmbeddedKeyValueStore kv = EmbeddedKeyValueStore.inMemory();
    private final ReadModelStore store = new ReadModelStore(kv);
    private final Projection projection = Projection.defaults();

    @AfterEach
    void closeStore() {
        kv.close();
    }

    private EnvironmentReadModel apply(EnvironmentReadModel model, List<CatalystEvent> events, long firstSequence) {
        EnvironmentReadModel out = model;
        long sequence = firstSequence;
        for (CatalystEvent event : events) {
            out = projection.apply(out, event, sequence++);
        }
        return out;
    }

    @Test
    void shouldStoreOneModelPerEnvironmentUnderItsName() {
        // Given
        List<CatalystEvent> events = installToReady();

        // When
        EnvironmentReadModel stored = store.update(DEV, model -> apply(model, events, 1));

        // Then
        assertThat(store.get(DEV)).contains(stored);
        assertThat(store.get(PROD)).isEmpty();
        assertThat(store.environments(ACME)).containsExactly(DEV);
        KeyValueBucket bucket = kv.bucket(ACME, ReadModelStore.BUCKET);
        assertThat(bucket.keys()).containsExactly("dev");
        assertThat(ReadModelCodec.decode(bucket.get("dev").orElseThrow().value())
                        .lastSequence())
                .isEqualTo(5);
    }

    @Test
    void shouldRetryFromAFreshReadWhenAnotherWriterWonTheRace() {
        // Given: another writer stores op-2 while this update is being computed
        ReadModelStore other = new ReadModelStore(kv);
        store.update(DEV, model -> apply(model, List.of(requested("op-1", "web", "install", 0)), 1));
        AtomicInteger attempts = new AtomicInteger();

        // When
        EnvironmentReadModel stored = store.update(DEV, model -> {
            if (attempts.incrementAndGet() == 1) {
                other.update(DEV, m -> apply(m, List.of(requested("op-2", "api", "install", 1)), 2));
            }
            return apply(model, List.of(requested("op-3", "db", "install", 2)), 3);
        });

        // Then
        assertThat(attempts).hasValue(2);
        assertThat(stored.operations()).extracting(OperationView::operationId).containsExactly("op-1", "op-2", "op-3");
        assertThat(store.get(DEV)).contains(stored);
    }

    @Test
    void shouldFoldOntoWhatAnotherWriterStoredSinceThisStoreLastWrote() {
        // Given: this store wrote op-1 (and remembers it), then another writer stored op-2
        ReadModelStore other = new ReadModelStore(kv);
        store.update(DEV, model -> apply(model, List.of(requested("op-1", "web", "install", 0)), 1));
        other.update(DEV, model -> apply(model, List.of(requested("op-2", "api", "install", 1)), 2));

        // When
        EnvironmentReadModel stored =
                store.update(DEV, model -> apply(model, List.of(requested("op-3", "db", "install", 2)), 3));

        // Then
        assertThat(stored.operations()).extracting(OperationView::operationId).containsExactly("op-1", "op-2", "op-3");
        assertThat(store.get(DEV)).contains(stored);
    }

    @Test
    void shouldWriteAChangeThatChangesNothingOnlyOnTheModelThisStoreRemembers() {
        // Given: this store wrote the model, then another writer deleted it
        store.update(DEV, model -> apply(model, installToReady(), 1));
        new ReadModelStore(kv).delete(DEV);

        // When: the change is a no-op on the remembered model, not on what the store holds
        EnvironmentReadModel stored = store.update(
                DEV, model -> projection.apply(model, installToReady().getFirst(), 1));

        // Then
        assertThat(stored.lastSequence()).isEqualTo(1);
        assertThat(store.get(DEV)).contains(stored);
    }

    @Test
    void shouldNotWriteWhenTheChangeChangesNothing() {
        // Given
        store.update(DEV, model -> apply(model, installToReady(), 1));
        long revision =
                kv.bucket(ACME, ReadModelStore.BUCKET).get("dev").orElseThrow().revision();

        // When
        store.update(DEV, model -> projection.apply(model, installToReady().getFirst(), 1));

        // Then
        assertThat(kv.bucket(ACME, ReadModelStore.BUCKET)
                        .get("dev")
                        .orElseThrow()
                        .revision())
                .isEqualTo(revision);
    }

    @Test
    void shouldSayWhichModelCannotBeRead() {
        // Given
        kv.bucket(ACME, ReadModelStore.BUCKET).put("dev", "{\"format\":0}".getBytes(StandardCharsets.UTF_8));

        // When
        Throwable thrown = catchThrowable(() -> store.get(DEV));

        // Then
        assertThat(thrown)
                .isInstanceOf(UnreadableReadModelException.class)
                .hasMessageContaining("acme/dev")
                .hasMessageContaining("rebuild");
        assertThat(((UnreadableReadModelException) thrown).environment()).isEqualTo(DEV);
    }

    @Test
    void shouldDropTheOldestOperationsOfAModelTooLargeForTheStore() {
        // Given: 200 operations of about 10 kB each
        String longDetail = "x".repeat(10_000);
        List<OperationView> operations = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Instant at = TestEvents.at(i);
            operations.add(new OperationView(
                    "op-" + i,
                    "install",
                    Optional.of("app-" + i),
                    OperationState.FAILED,
                    Optional.empty(),
                    Optional.of(longDetail),
                    at,
                    Optional.of(at.plus(Duration.ofSeconds(1))),
                    List.of()));
        }
        EnvironmentReadModel huge =
                new EnvironmentReadModel(DEV, 200, Optional.empty(), List.of(), operations, List.of());

        // When
        EnvironmentReadModel stored = store.update(DEV, model -> huge);

        // Then
        assertThat(ReadModelCodec.encode(stored).length).isLessThanOrEqualTo(Names.MAX_PAYLOAD_BYTES);
        assertThat(stored.operations()).isNotEmpty().hasSizeLessThan(200);
        assertThat(stored.operations().getLast().operationId()).isEqualTo("op-199");
        assertThat(store.get(DEV)).contains(stored);
    }

    @Test
    void shouldForgetEveryModelOfAnOrganizationWhenCleared() {
        // Given
        store.update(DEV, model -> apply(model, installToReady(), 1));
        store.update(
                PROD,
                model -> projection.apply(
                        model,
                        new ApplicationEvent.Requested(TestEvents.meta(PROD, "op-9", null, 0), "web", "install"),
                        6));

        // When
        store.clear(ACME);

        // Then
        assertThat(store.environments(ACME)).isEmpty();
        assertThat(store.get(DEV)).isEmpty();
        assertThat(store.get(PROD)).isEmpty();
    }

    @Test
    void shouldRememberARebuildUntilItEnds() {
        // Given
        store.beginRebuild(ACME);

        // When
        boolean during = store.isRebuilding(ACME);
        store.endRebuild(ACME);

        // Then
        assertThat(during).isTrue();
        assertThat(store.isRebuilding(ACME)).isFalse();
        assertThat(store.environments(ACME)).isEmpty();
    }
}
