package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counts the quota checks read ({@link Provisioning#applicationCount}, {@link Provisioning#environmentCount},
 * {@link Provisioning#hasApplication}) follow every commit, and a fresh process reads them from the repositories.
 */
class ApplicationCountTest extends BuiltinUseCasesTest {
    private static final EnvironmentRef PROD = new EnvironmentRef("acme", "prod");
    private static final EnvironmentRef OTHER = new EnvironmentRef("globex", "dev");

    @BeforeEach
    void start() throws ProvisioningException {
        useCases.provisioning.createEnvironment(PROD, useCases.request());
        useCases.provisioning.createEnvironment(OTHER, useCases.request());
    }

    @Test
    void shouldCountTheApplicationsOfEveryEnvironmentOfTheOrganizationOnly() throws Exception {
        // Given
        useCases.install("a", "valkey", "{}");
        useCases.install("b", "valkey", "{}");
        useCases.provisioning.apply(PROD, UseCases.installOp("c", "valkey", "{}"), useCases.request());
        useCases.provisioning.apply(OTHER, UseCases.installOp("d", "valkey", "{}"), useCases.request());

        // When / Then
        assertThat(useCases.provisioning.applicationCount("acme")).isEqualTo(3);
        assertThat(useCases.provisioning.applicationCount("globex")).isEqualTo(1);
        assertThat(useCases.provisioning.applicationCount("initech")).isZero();
        assertThat(useCases.provisioning.environmentCount("acme")).isEqualTo(2);
        assertThat(useCases.provisioning.hasApplication(ENV, "a")).isTrue();
        assertThat(useCases.provisioning.hasApplication(PROD, "a")).isFalse();
    }

    @Test
    void shouldFollowInstallsUninstallsAndRollbacksAfterTheFirstRead() throws Exception {
        // Given: the index is loaded before the commits
        assertThat(useCases.provisioning.applicationCount("acme")).isZero();
        useCases.install("a", "valkey", "{}");
        String afterA = useCases.head().commitId();
        useCases.install("b", "valkey", "{}");
        assertThat(useCases.provisioning.applicationCount("acme")).isEqualTo(2);

        // When
        useCases.apply(new Operation.Uninstall("a"));

        // Then
        assertThat(useCases.provisioning.applicationCount("acme")).isEqualTo(1);
        assertThat(useCases.provisioning.hasApplication(ENV, "a")).isFalse();

        // When
        useCases.apply(new Operation.Rollback(afterA));

        // Then
        assertThat(useCases.provisioning.hasApplication(ENV, "a")).isTrue();
        assertThat(useCases.provisioning.hasApplication(ENV, "b")).isFalse();
        assertThat(useCases.provisioning.applicationCount("acme")).isEqualTo(1);
    }

    @Test
    void shouldCountNewEnvironmentsAndNotPreviews() throws Exception {
        // Given
        assertThat(useCases.provisioning.environmentCount("acme")).isEqualTo(2);

        // When
        useCases.provisioning.createEnvironment(new EnvironmentRef("acme", "staging"), useCases.request());
        useCases.provisioning.apply(ENV, UseCases.installOp("a", "valkey", "{}"), useCases.preview());

        // Then
        assertThat(useCases.provisioning.environmentCount("acme")).isEqualTo(3);
        assertThat(useCases.provisioning.applicationCount("acme")).isZero();
    }

    @Test
    void shouldReadTheCountsFromTheRepositoriesInAFreshProcess() throws Exception {
        // Given
        useCases.install("a", "valkey", "{}");
        useCases.provisioning.apply(PROD, UseCases.installOp("c", "valkey", "{}"), useCases.request());

        // When
        Provisioning restarted = useCases.provisioning(UnaryOperator.identity());

        // Then
        assertThat(restarted.applicationCount("acme")).isEqualTo(2);
        assertThat(restarted.environmentCount("acme")).isEqualTo(2);
        assertThat(restarted.hasApplication(PROD, "c")).isTrue();
    }
}
