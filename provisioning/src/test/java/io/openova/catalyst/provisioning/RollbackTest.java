package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.CommitInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A rollback makes the Environment what it was at an earlier commit, as one new commit on top. */
class RollbackTest extends BuiltinUseCasesTest {
    private String afterA;

    @BeforeEach
    void start() throws ProvisioningException {
        useCases.install("a", "valkey", "{\"replicas\": 2}");
        afterA = useCases.head().commitId();
        useCases.install("b", "cnpg", "{\"superuserPassword\": \"b-password-123\"}");
    }

    @Test
    void shouldRestoreTheTreeOfTheTargetCommitInOneNewCommitWhenRollingBack() throws Exception {
        // Given
        int before = useCases.log().size();

        // When
        Outcome outcome = useCases.apply(new Operation.Rollback(afterA));

        // Then
        assertThat(useCases.log()).hasSize(before + 1);
        assertThat(useCases.records()).containsOnlyKeys("a");
        assertThat(useCases.records().get("a").values()).containsEntry("replicas", 2L);
        assertThat(useCases.tree())
                .isEqualTo(UseCases.text(useCases.repositories.at(ENV, afterA).files()));
        assertThat(outcome.commitId()).isEqualTo(useCases.head().commitId()).isNotEqualTo(afterA);
        assertThat(outcome.action()).isEqualTo("rollback");
        CommitInfo commit = useCases.lastCommit();
        assertThat(commit.subject()).isEqualTo("rollback to " + afterA);
        assertThat(commit.trailers())
                .containsEntry("Catalyst-Action", "rollback")
                .containsEntry("Operation-Id", outcome.operationId());
    }

    @Test
    void shouldDeleteTheSecretsOfTheApplicationsARollbackRemoves() throws Exception {
        // When
        useCases.apply(new Operation.Rollback(afterA));

        // Then
        assertThat(useCases.secrets.get(Provisioning.secretKey(ENV, "b"))).isEmpty();
    }

    @Test
    void shouldMakeNoCommitWhenRollingBackToHead() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        Outcome outcome = useCases.apply(new Operation.Rollback(before.head()));

        // Then
        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.commitId()).isEqualTo(before.head());
        assertThat(useCases.state()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef0123456789abcdef01234567", "HEAD~1", "main", ""})
    void shouldReportNotFoundAndWriteNothingWhenRollingBackToAnUnknownCommit(String commit) throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.apply(new Operation.Rollback(commit)));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldReportNotFoundWhenRollingBackToACommitOfAnotherEnvironment() throws Exception {
        // Given
        String elsewhere = useCases.provisioning
                .createEnvironment(new EnvironmentRef("acme", "prod"), useCases.request())
                .id();
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.apply(new Operation.Rollback(elsewhere)));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
        assertThat(refused).hasMessageContaining(elsewhere);
        assertThat(useCases.state()).isEqualTo(before);
    }
}
