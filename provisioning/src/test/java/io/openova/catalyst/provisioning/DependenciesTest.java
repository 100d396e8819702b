package io.openova.catalyst.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Blueprint dependencies, on the built-in catalog: temporal needs cnpg. */
class DependenciesTest extends BuiltinUseCasesTest {
    @Test
    void shouldRefuseAndNameTheMissingDependencyWhenInstallingTemporalWithoutCnpg() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.install("workflows", "temporal"));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.UNPROCESSABLE);
        assertThat(refused).hasMessageContaining("'cnpg'");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldMakeTheHelmReleaseDependOnTheCnpgApplicationWhenItIsInstalled() throws Exception {
        // Given
        useCases.install("db", "cnpg");

        // When
        useCases.install("workflows", "temporal");

        // Then
        JsonNode dependsOn =
                useCases.yaml("resources/workflows/helmrelease.yaml").at("/spec/dependsOn");
        assertThat(dependsOn).hasSize(1);
        assertThat(dependsOn.get(0).path("name").asText()).isEqualTo("db");
        assertThat(dependsOn.get(0).path("namespace").asText()).isEqualTo("db");
        assertThat(useCases.yaml("resources/db/helmrelease.yaml").has("dependsOn"))
                .isFalse();
    }

    @Test
    void shouldRefuseToUninstallCnpgWhileTemporalNeedsIt() throws Exception {
        // Given
        useCases.install("db", "cnpg");
        useCases.install("workflows", "temporal");
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.apply(new Operation.Uninstall("db")));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.UNPROCESSABLE);
        assertThat(refused).hasMessageContaining("'workflows'").hasMessageContaining("'cnpg'");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldUninstallCnpgOnceNothingNeedsItAnymore() throws Exception {
        // Given
        useCases.install("db", "cnpg");
        useCases.install("workflows", "temporal");
        useCases.apply(new Operation.Uninstall("workflows"));

        // When
        useCases.apply(new Operation.Uninstall("db"));

        // Then
        assertThat(useCases.records()).isEmpty();
        assertThat(useCases.lastCommit().subject()).isEqualTo("uninstall db (cnpg 1.0.0)");
    }

    @Test
    void shouldKeepTemporalSatisfiedWhenAnotherCnpgApplicationRemains() throws Exception {
        // Given
        useCases.install("db", "cnpg");
        useCases.install("db2", "cnpg");
        useCases.install("workflows", "temporal");

        // When
        useCases.apply(new Operation.Uninstall("db"));

        // Then
        assertThat(useCases.records()).containsOnlyKeys("db2", "workflows");
        JsonNode dependsOn =
                useCases.yaml("resources/workflows/helmrelease.yaml").at("/spec/dependsOn");
        assertThat(dependsOn).hasSize(1);
        assertThat(dependsOn.get(0).path("name").asText()).isEqualTo("db2");
    }

    @Test
    void shouldRefuseTheControlPlaneCompositeObservabilityAsAnApplication() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.install("obs", "observability"));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.UNPROCESSABLE);
        assertThat(refused).hasMessageContaining("not installable as an Application");
        assertThat(useCases.state()).isEqualTo(before);
    }
}
