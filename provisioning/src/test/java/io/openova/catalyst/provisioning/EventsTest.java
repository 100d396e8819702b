package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.api.event.EnvironmentEvent;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.provisioning.events.EventRecovery;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ARCHITECTURE.md step 4: after the commit, its facts are published; after a crash, recovery publishes them once. */
class EventsTest {
    @TempDir
    Path root;

    private UseCases useCases;

    @BeforeEach
    void start() {
        useCases = UseCases.composites(root);
    }

    @AfterEach
    void stop() {
        useCases.close();
    }

    private static List<String> describe(List<CatalystEvent> events) {
        return events.stream()
                .map(e -> switch (e) {
                    case ApplicationEvent a -> a.type() + " " + a.application();
                    case EnvironmentEvent v -> "env " + v.type();
                })
                .toList();
    }

    @Test
    void shouldPublishTheEnvironmentAndEachApplicationOfACommitWithItsOperationAndCommit() throws Exception {
        // When
        Outcome outcome = useCases.install("data", "datastack");

        // Then: the creation, then one committed event per record the install wrote
        List<CatalystEvent> events = useCases.events.published();
        assertThat(describe(events))
                .containsExactly("env created", "committed data", "committed data-cnpg", "committed data-valkey");
        assertThat(events.subList(1, 4)).allSatisfy(e -> {
            assertThat(e.meta().operationId()).isEqualTo(outcome.operationId());
            assertThat(e.meta().commitId()).contains(outcome.commitId());
            assertThat(e.meta().at()).isEqualTo(UseCases.NOW);
        });
        assertThat(((ApplicationEvent.Committed) events.get(2)))
                .extracting(ApplicationEvent.Committed::action, ApplicationEvent.Committed::blueprint)
                .containsExactly("install", "cnpg");
        assertThat(useCases.events.publishedUpTo(ENV)).contains(outcome.commitId());
    }

    @Test
    void shouldPublishUninstalledForEveryRecordAnUninstallRemoves() throws Exception {
        // Given
        useCases.install("data", "datastack");
        useCases.events.clear();

        // When
        Outcome outcome = useCases.apply(new Operation.Uninstall("data"));

        // Then
        assertThat(describe(useCases.events.published()))
                .containsExactly("uninstalled data", "uninstalled data-cnpg", "uninstalled data-valkey");
        assertThat(useCases.events.published())
                .allSatisfy(e -> assertThat(e.meta().commitId()).contains(outcome.commitId()));
    }

    @Test
    void shouldPublishAFailureForARefusedRequestAndNothingForAPreview() throws Exception {
        // Given
        useCases.events.clear();

        // When
        UseCases.refusal(() -> useCases.install("db", "no-such-blueprint"));
        useCases.provisioning.apply(ENV, UseCases.installOp("db2", "cnpg", "{}"), useCases.preview());

        // Then
        assertThat(useCases.events.published())
                .singleElement()
                .isInstanceOfSatisfying(ApplicationEvent.Failed.class, failed -> {
                    assertThat(failed.application()).isEqualTo("db");
                    assertThat(failed.status()).isEqualTo(404);
                    assertThat(failed.detail()).contains("no-such-blueprint");
                    assertThat(failed.meta().commitId()).isEmpty();
                });
    }

    @Test
    void shouldKeepTheCommitWhenThePublishFailsAndPublishItOnceInRecovery() throws Exception {
        // Given: the spine is down for the install's publish
        useCases.events.failNext(1);
        Outcome outcome = useCases.install("db", "cnpg");
        String markBefore = useCases.events.publishedUpTo(ENV).orElseThrow();
        assertThat(useCases.head().commitId()).isEqualTo(outcome.commitId());
        assertThat(describe(useCases.events.published())).containsExactly("env created");

        // When: recovery runs, twice
        EventRecovery recovery = new EventRecovery(useCases.repositories, useCases.events);
        int first = recovery.recoverAll();
        int second = recovery.recoverAll();

        // Then: the missing commit's events, once; the mark at HEAD
        assertThat(markBefore).isNotEqualTo(outcome.commitId());
        assertThat(first).isEqualTo(1);
        assertThat(second).isZero();
        assertThat(describe(useCases.events.published())).containsExactly("env created", "committed db");
        assertThat(useCases.events.publishedUpTo(ENV)).contains(outcome.commitId());
    }

    @Test
    void shouldNotMoveTheMarkPastACommitWhosePublishFailed() throws Exception {
        // Given: the first install is not published, the second is
        useCases.events.failNext(1);
        Outcome lost = useCases.install("db", "cnpg");
        Outcome published = useCases.install("cache", "valkey");

        // When
        Optional<String> mark = useCases.events.publishedUpTo(ENV);
        int recovered = new EventRecovery(useCases.repositories, useCases.events).recover(ENV);

        // Then: the mark stayed before the lost commit, so recovery republishes both (the spine dedupes the second)
        assertThat(mark).isNotEqualTo(Optional.of(published.commitId()));
        assertThat(recovered).isEqualTo(2);
        assertThat(useCases.events.published())
                .filteredOn(e -> e instanceof ApplicationEvent)
                .extracting(e -> e.type() + " " + ((ApplicationEvent) e).application(), e -> e.meta()
                        .commitId())
                .containsSubsequence(
                        tuple("committed cache", Optional.of(published.commitId())),
                        tuple("committed db", Optional.of(lost.commitId())),
                        tuple("committed cache", Optional.of(published.commitId())));
        assertThat(useCases.events.publishedUpTo(ENV)).contains(published.commitId());
    }

    @Test
    void shouldDeriveTheSameEventsInRecoveryAsAfterTheCommit() throws Exception {
        // Given
        useCases.install("data", "datastack");
        List<CatalystEvent> live = useCases.events.published();
        RecordingPublisher fresh = new RecordingPublisher();

        // When: a recovery from nothing (a new spine) replays the whole history
        new EventRecovery(useCases.repositories, fresh).recoverAll();

        // Then
        assertThat(fresh.published()).containsExactlyElementsOf(live);
        List<CommitInfo> log = useCases.log();
        assertThat(fresh.publishedUpTo(ENV)).contains(log.getFirst().id());
    }
}
