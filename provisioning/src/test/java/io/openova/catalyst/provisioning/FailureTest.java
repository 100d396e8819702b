package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.CommitMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A commit that fails leaves everything as it was: the branch, the tree and the secret store. */
class FailureTest extends BuiltinUseCasesTest {
    private static final UncheckedIOException DISK_FULL =
            new UncheckedIOException(new IOException("No space left on device"));

    private Provisioning failing;

    @BeforeEach
    void start() {
        failing = useCases.provisioning(repositories -> new ForwardingRepositories(repositories) {
            @Override
            public CommitInfo commit(
                    EnvironmentRef env, String expectedHead, SortedMap<String, byte[]> files, CommitMessage message) {
                throw DISK_FULL;
            }
        });
    }

    @Test
    void shouldLeaveTheRepositoryAndRemoveTheNewSecretWhenTheCommitOfAnInstallFails() throws Exception {
        // Given
        useCases.install("cache", "valkey", "{\"password\": \"cache-password-1\"}");
        UseCases.State before = useCases.state();

        // When
        Throwable thrown = catchThrowable(() -> failing.apply(
                ENV,
                UseCases.installOp("db", "cnpg", "{\"superuserPassword\": \"never-committed-1\"}"),
                useCases.request()));

        // Then
        assertThat(thrown).isSameAs(DISK_FULL);
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(useCases.secrets.get(Provisioning.secretKey(ENV, "db"))).isEmpty();
        assertThat(useCases.secret("cache", "password")).contains("cache-password-1");
    }

    @Test
    void shouldRestoreTheOldSecretWhenTheCommitOfAReconfigureFails() throws Exception {
        // Given
        useCases.install("db", "cnpg", "{\"superuserPassword\": \"the-old-password\"}");
        UseCases.State before = useCases.state();

        // When
        Throwable thrown = catchThrowable(() -> failing.apply(
                ENV,
                UseCases.reconfigureOp("db", "{\"instances\": 5, \"superuserPassword\": \"the-new-password\"}"),
                useCases.request()));

        // Then
        assertThat(thrown).isSameAs(DISK_FULL);
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(useCases.secret("db", "superuserPassword")).contains("the-old-password");
    }

    @Test
    void shouldKeepTheSecretsWhenTheCommitOfAnUninstallFails() throws Exception {
        // Given
        useCases.install("db", "cnpg", "{\"superuserPassword\": \"still-needed-1\"}");
        UseCases.State before = useCases.state();

        // When
        Throwable thrown = catchThrowable(() -> failing.apply(ENV, new Operation.Uninstall("db"), useCases.request()));

        // Then
        assertThat(thrown).isSameAs(DISK_FULL);
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(useCases.secret("db", "superuserPassword")).contains("still-needed-1");
    }

    @Test
    void shouldLeaveNothingBehindWhenTheCommitOfAKeyedRequestFailsAndLetTheRetrySucceed() throws Exception {
        // Given
        Operation install = UseCases.installOp("db", "cnpg", "{\"superuserPassword\": \"retried-password\"}");
        catchThrowable(() -> failing.apply(ENV, install, useCases.keyed("key-retry")));
        UseCases.State afterFailure = useCases.state();

        // When
        Outcome retried = useCases.provisioning.apply(ENV, install, useCases.keyed("key-retry"));

        // Then
        assertThat(afterFailure.secrets()).isEmpty();
        assertThat(retried.replayed()).isFalse();
        assertThat(retried.changed()).isTrue();
        assertThat(useCases.log()).hasSize(afterFailure.commits() + 1);
        assertThat(useCases.secret("db", "superuserPassword")).contains("retried-password");
    }
}
