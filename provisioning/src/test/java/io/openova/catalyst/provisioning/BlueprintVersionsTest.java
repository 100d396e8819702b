package io.openova.catalyst.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Applications at an earlier version of their Blueprint: the built-in valkey has 1.0.0 (maxMemory 512mb, an 8Gi
 * volume, chart 0.9.4) and the earlier 0.9.0 (256mb, 4Gi, chart 0.7.0).
 */
class BlueprintVersionsTest extends BuiltinUseCasesTest {
    private static final String OLD = "0.9.0";
    private static final String CURRENT = "1.0.0";

    private Outcome installOld(String name, String config) throws ProvisioningException {
        return useCases.apply(new Operation.Install(name, "valkey", Optional.of(OLD), UseCases.json(config)));
    }

    @Test
    void shouldInstallAtAnEarlierVersionWhenTheInstallNamesIt() throws Exception {
        // When
        installOld("cache", "{\"replicas\": 2}");

        // Then
        ApplicationRecord record = useCases.records().get("cache");
        assertThat(record.version()).isEqualTo(OLD);
        assertThat(record.values()).isEqualTo(Map.of("replicas", 2L));
        assertThat(useCases.yaml("resources/cache/helmrelease.yaml")
                        .at("/spec/chart/spec/version")
                        .asText())
                .isEqualTo("0.7.0");
        assertThat(useCases.lastCommit().subject()).isEqualTo("install cache (valkey " + OLD + ")");
    }

    @Test
    void shouldCheckTheConfigAgainstTheNamedVersionsSchemaWhenInstalling() throws Exception {
        // Given: 0.9.0 allows at most 3 replicas, 1.0.0 allows 5
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> installOld("cache", "{\"replicas\": 4}"));

        // Then
        assertThat(refused).isInstanceOf(InvalidConfigProblem.class);
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldComposeTheOldApplicationWithItsOwnVersionWhenAnotherIsInstalled() throws Exception {
        // Given
        installOld("old-cache", "{}");

        // When
        useCases.install("new-cache", "valkey");

        // Then
        assertThat(useCases.records().get("old-cache").version()).isEqualTo(OLD);
        assertThat(useCases.records().get("new-cache").version()).isEqualTo(CURRENT);
        assertThat(useCases.yaml("resources/old-cache/helmrelease.yaml")
                        .at("/spec/chart/spec/version")
                        .asText())
                .isEqualTo("0.7.0");
        assertThat(useCases.yaml("resources/new-cache/helmrelease.yaml")
                        .at("/spec/chart/spec/version")
                        .asText())
                .isEqualTo("0.9.4");
        assertThat(valkeyConfig("old-cache")).contains("maxmemory 256mb");
        assertThat(valkeyConfig("new-cache")).contains("maxmemory 512mb");
    }

    @Test
    void shouldReconfigureAtTheInstalledVersionWhenTheCatalogHasANewerOne() throws Exception {
        // Given
        installOld("cache", "{}");

        // When
        useCases.apply(UseCases.reconfigureOp("cache", "{\"maxMemory\": \"1gb\"}"));

        // Then
        assertThat(useCases.records().get("cache").version()).isEqualTo(OLD);
        assertThat(valkeyConfig("cache")).contains("maxmemory 1gb");
    }

    @Test
    void shouldKeepChangedValuesAndTakeTheNewDefaultsWhenUpgradingToTheCurrentVersion() throws Exception {
        // Given: the user changed the replicas and the volume size, and left maxMemory at 0.9.0's default
        installOld("cache", "{\"replicas\": 2, \"persistence\": {\"size\": \"16Gi\"}}");

        // When
        Outcome outcome = useCases.apply(new Operation.Upgrade("cache", CURRENT, Optional.empty()));

        // Then
        ApplicationRecord record = useCases.records().get("cache");
        assertThat(outcome.changed()).isTrue();
        assertThat(record.version()).isEqualTo(CURRENT);
        assertThat(record.values()).isEqualTo(Map.of("replicas", 2L, "persistence", Map.of("size", "16Gi")));
        assertThat(valkeyConfig("cache")).contains("maxmemory 512mb");
        assertThat(useCases.yaml("resources/cache/helmrelease.yaml")
                        .at("/spec/chart/spec/version")
                        .asText())
                .isEqualTo("0.9.4");
        assertThat(useCases.lastCommit().subject()).isEqualTo("upgrade cache (valkey " + OLD + " -> " + CURRENT + ")");
    }

    @Test
    void shouldDropAValueThatEqualsTheTargetDefaultWhenUpgrading() throws Exception {
        // Given: 512mb was a change from 0.9.0's default, and is 1.0.0's default
        installOld("cache", "{\"maxMemory\": \"512mb\"}");

        // When
        useCases.apply(new Operation.Upgrade("cache", CURRENT, Optional.empty()));

        // Then
        assertThat(useCases.records().get("cache").values()).isEmpty();
    }

    @Test
    void shouldDowngradeToAnEarlierVersionWhenTheCatalogHasIt() throws Exception {
        // Given
        useCases.install("cache", "valkey", "{\"replicas\": 3}");

        // When
        useCases.apply(new Operation.Upgrade("cache", OLD, Optional.empty()));

        // Then
        assertThat(useCases.records().get("cache").version()).isEqualTo(OLD);
        assertThat(useCases.records().get("cache").values()).isEqualTo(Map.of("replicas", 3L));
        assertThat(valkeyConfig("cache")).contains("maxmemory 256mb");
    }

    @Test
    void shouldRefuseADowngradeWhenTheUsersValuesDoNotFitTheTargetSchema() throws Exception {
        // Given: 1.0.0 allows 5 replicas, 0.9.0 at most 3
        useCases.install("cache", "valkey", "{\"replicas\": 5}");
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused =
                UseCases.refusal(() -> useCases.apply(new Operation.Upgrade("cache", OLD, Optional.empty())));

        // Then
        assertThat(refused).isInstanceOf(InvalidConfigProblem.class);
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnUnknownVersionNamingItAndTheAvailableOnesAndWriteNothing() throws Exception {
        // Given
        installOld("cache", "{}");
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused =
                UseCases.refusal(() -> useCases.apply(new Operation.Upgrade("cache", "0.8.0", Optional.empty())));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
        assertThat(refused).hasMessage("Blueprint 'valkey' has no version '0.8.0'; available: 1.0.0, 0.9.0");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldRefuseToInstallAnUnknownVersion() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() ->
                useCases.apply(new Operation.Install("cache", "valkey", Optional.of("0.1.0"), UseCases.json("{}"))));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
        assertThat(refused).hasMessageContaining("'0.1.0'");
        assertThat(useCases.state()).isEqualTo(before);
    }

    private String valkeyConfig(String app) {
        return useCases.yaml("resources/" + app + "/helmrelease.yaml")
                .at("/spec/values/valkeyConfig")
                .asText();
    }
}
