package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import org.junit.jupiter.api.Test;

/** A request retried with the same Idempotency-Key returns the first result and writes nothing. */
class IdempotencyTest extends BuiltinUseCasesTest {
    private Outcome send(Operation operation, String key) throws ProvisioningException {
        return useCases.provisioning.apply(ENV, operation, useCases.keyed(key));
    }

    @Test
    void shouldCommitOnceAndReplayTheFirstResultWhenTheSameKeyIsSentTwice() throws Exception {
        // Given
        Operation install = UseCases.installOp("cache", "valkey", "{\"replicas\": 2}");
        Outcome first = send(install, "key-1");
        UseCases.State afterFirst = useCases.state();

        // When
        Outcome second = send(install, "key-1");

        // Then
        assertThat(useCases.state()).isEqualTo(afterFirst);
        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
        assertThat(second.preview()).isFalse();
        assertThat(second.commitId()).isEqualTo(first.commitId());
        assertThat(second.operationId()).isEqualTo(first.operationId());
        assertThat(second.action()).isEqualTo("install");
        assertThat(second.applications()).isEqualTo(first.applications());
    }

    @Test
    void shouldRecordTheIdempotencyKeyAsATrailerOfTheCommit() throws Exception {
        // When
        send(UseCases.installOp("cache", "valkey", "{}"), "key-trailer");

        // Then
        assertThat(useCases.lastCommit().trailers()).containsEntry("Idempotency-Key", "key-trailer");
    }

    @Test
    void shouldReturnTheFirstCommitNotHeadWhenTheKeyIsReplayedAfterLaterCommits() throws Exception {
        // Given
        Outcome first = send(UseCases.installOp("a", "valkey", "{}"), "key-a");
        send(UseCases.installOp("b", "valkey", "{}"), "key-b");
        UseCases.State before = useCases.state();

        // When
        Outcome replayed = send(UseCases.installOp("a", "valkey", "{}"), "key-a");

        // Then
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.commitId()).isEqualTo(first.commitId()).isNotEqualTo(before.head());
        assertThat(replayed.applications()).extracting(ApplicationRecord::name).containsExactly("a");
    }

    @Test
    void shouldStartANewOperationWhenTheKeyDiffers() throws Exception {
        // Given
        Outcome first = send(UseCases.installOp("a", "valkey", "{}"), "key-a");

        // When
        Outcome second = send(UseCases.installOp("b", "valkey", "{}"), "key-b");

        // Then
        assertThat(second.replayed()).isFalse();
        assertThat(second.operationId()).isNotEqualTo(first.operationId());
        assertThat(second.commitId())
                .isNotEqualTo(first.commitId())
                .isEqualTo(useCases.head().commitId());
        assertThat(useCases.records()).containsOnlyKeys("a", "b");
    }

    @Test
    void shouldRefuseWithConflictWhenAnotherKeyInstallsTheSameNameAgain() throws Exception {
        // Given
        send(UseCases.installOp("cache", "valkey", "{}"), "key-1");
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused =
                UseCases.refusal(() -> send(UseCases.installOp("cache", "valkey", "{}"), "key-2"));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.CONFLICT);
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldNotRewriteTheSecretWhenARequestIsReplayed() throws Exception {
        // Given
        send(UseCases.installOp("db", "cnpg", "{\"superuserPassword\": \"first-password-1\"}"), "key-db");

        // When
        Outcome replayed =
                send(UseCases.installOp("db", "cnpg", "{\"superuserPassword\": \"second-password-2\"}"), "key-db");

        // Then
        assertThat(replayed.replayed()).isTrue();
        assertThat(useCases.secret("db", "superuserPassword")).contains("first-password-1");
    }

    @Test
    void shouldReplayAnUninstallInsteadOfReportingTheApplicationMissingWhenItIsRetried() throws Exception {
        // Given
        useCases.install("cache", "valkey");
        Outcome first = send(new Operation.Uninstall("cache"), "key-uninstall");
        UseCases.State before = useCases.state();

        // When
        Outcome retried = send(new Operation.Uninstall("cache"), "key-uninstall");

        // Then
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.commitId()).isEqualTo(first.commitId());
        assertThat(retried.action()).isEqualTo("uninstall");
    }
}
