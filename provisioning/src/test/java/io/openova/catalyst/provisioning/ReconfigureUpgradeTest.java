package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import io.openova.catalyst.provisioning.config.ConfigViolation;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReconfigureUpgradeTest extends BuiltinUseCasesTest {
    private static final String PASSWORD = "kept-across-changes";

    @BeforeEach
    void start() throws ProvisioningException {
        useCases.install(
                "db",
                "cnpg",
                "{\"instances\": 5, \"postgresVersion\": \"16\", \"superuserPassword\": \"" + PASSWORD + "\"}");
    }

    @Test
    void shouldKeepTheSecretsWhenAReconfigureLeavesThemOut() throws Exception {
        // When
        Outcome outcome = useCases.apply(UseCases.reconfigureOp("db", "{\"instances\": 2}"));

        // Then
        assertThat(outcome.changed()).isTrue();
        assertThat(useCases.secret("db", "superuserPassword")).contains(PASSWORD);
        assertThat(useCases.records().get("db").secrets()).containsExactly("/superuserPassword");
        assertThat(useCases.tree()).containsKey("resources/db/externalsecret.yaml");
        assertThat(useCases.yaml("resources/db/helmrelease.yaml")
                        .at("/spec/valuesFrom/0/valuesKey")
                        .asText())
                .isEqualTo("superuserPassword");
    }

    @Test
    void shouldCommitANewSecretsRevisionWhenOnlyASecretChanges() throws Exception {
        // Given
        String before = useCases.records().get("db").secretsRevision().orElseThrow();
        int commits = useCases.log().size();

        // When
        Outcome outcome = useCases.apply(UseCases.reconfigureOp(
                "db",
                "{\"instances\": 5, \"postgresVersion\": \"16\", \"superuserPassword\": \"rotated-password-2\"}"));

        // Then: one commit that changes only the opaque revision, in the record and in force-sync
        assertThat(outcome.changed()).isTrue();
        assertThat(useCases.log()).hasSize(commits + 1);
        assertThat(useCases.secret("db", "superuserPassword")).contains("rotated-password-2");
        String after = useCases.records().get("db").secretsRevision().orElseThrow();
        assertThat(after).isNotEqualTo(before).isEqualTo(outcome.operationId());
        assertThat(outcome.diff())
                .extracting(io.openova.catalyst.gitops.diff.FileDiff::path)
                .containsExactly(".catalyst/applications/db.yaml", "resources/db/externalsecret.yaml");
        assertThat(useCases.yaml("resources/db/externalsecret.yaml")
                        .at("/metadata/annotations/force-sync")
                        .asText())
                .isEqualTo(after);
        assertThat(useCases.tree().values())
                .allSatisfy(content -> assertThat(content).doesNotContain("rotated-password-2"));
    }

    @Test
    void shouldKeepTheSecretsRevisionWhenAReconfigureLeavesTheSecretsOut() throws Exception {
        // Given
        String before = useCases.records().get("db").secretsRevision().orElseThrow();

        // When
        useCases.apply(UseCases.reconfigureOp("db", "{\"instances\": 2}"));

        // Then
        assertThat(useCases.records().get("db").secretsRevision()).contains(before);
    }

    @Test
    void shouldReplaceTheValuesAndFallBackToDefaultsWhenReconfiguring() throws Exception {
        // When
        useCases.apply(UseCases.reconfigureOp("db", "{\"instances\": 2}"));

        // Then: postgresVersion was left out, so it is back to the Blueprint default
        assertThat(useCases.records().get("db").values()).isEqualTo(Map.of("instances", 2L));
        assertThat(useCases.yaml("manifests/db/cluster-db.yaml")
                        .at("/spec/imageName")
                        .asText())
                .isEqualTo("ghcr.io/cloudnative-pg/postgresql:17");
        assertThat(useCases.lastCommit().subject()).isEqualTo("reconfigure db");
        assertThat(useCases.lastCommit().trailers())
                .containsEntry("Catalyst-Action", "reconfigure")
                .containsEntry("Application", "db");
    }

    @Test
    void shouldReportEveryViolationWithItsPointerAndWriteNothingWhenTheConfigIsInvalid() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.apply(UseCases.reconfigureOp("db", """
                {
                  "instances": 0,
                  "postgresVersion": "15",
                  "storage": {"size": "lots"},
                  "backup": {"retention": "forever"},
                  "colour": "blue",
                  "superuserPassword": "tiny-secret"
                }
                """)));

        // Then
        assertThat(refused).isInstanceOf(InvalidConfigProblem.class);
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.UNPROCESSABLE);
        InvalidConfigProblem problem = (InvalidConfigProblem) refused;
        assertThat(problem.violations())
                .extracting(ConfigViolation::pointer)
                .containsExactlyInAnyOrder(
                        "/backup/retention",
                        "/colour",
                        "/instances",
                        "/postgresVersion",
                        "/storage/size",
                        "/superuserPassword");
        assertThat(problem.violations())
                .allSatisfy(v -> assertThat(v.message()).isNotBlank().doesNotContain("tiny-secret"));
        assertThat(useCases.state()).isEqualTo(before);
        assertThat(useCases.secret("db", "superuserPassword")).contains(PASSWORD);
    }

    @Test
    void shouldRefuseAConfigThatIsNotAnObject() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.apply(UseCases.reconfigureOp("db", "[1, 2]")));

        // Then
        assertThat(refused).isInstanceOf(InvalidConfigProblem.class);
        assertThat(((InvalidConfigProblem) refused).violations())
                .extracting(ConfigViolation::pointer)
                .containsExactly("");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldReportNotFoundWhenReconfiguringAnApplicationThatIsNotInstalled() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.apply(UseCases.reconfigureOp("nope", "{}")));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
        assertThat(refused).hasMessageContaining("'nope'");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldNameTheAvailableVersionWhenUpgradingToAnUnknownVersion() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused =
                UseCases.refusal(() -> useCases.apply(new Operation.Upgrade("db", "2.0.0", Optional.empty())));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.NOT_FOUND);
        assertThat(refused).hasMessageContaining("'2.0.0'").hasMessageContaining("available: 1.0.0");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldKeepTheValuesAndSecretsWhenUpgradingToTheSameVersion() throws Exception {
        // Given
        ApplicationRecord before = useCases.records().get("db");

        // When
        Outcome outcome = useCases.apply(new Operation.Upgrade("db", "1.0.0", Optional.empty()));

        // Then
        assertThat(useCases.records().get("db")).isEqualTo(before);
        assertThat(before.values()).isEqualTo(Map.of("instances", 5L, "postgresVersion", "16"));
        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.diff()).isEmpty();
        assertThat(useCases.secret("db", "superuserPassword")).contains(PASSWORD);
    }

    @Test
    void shouldReplaceTheValuesWhenAnUpgradeCarriesAConfig() throws Exception {
        // When
        useCases.apply(new Operation.Upgrade("db", "1.0.0", Optional.of(UseCases.json("{\"instances\": 7}"))));

        // Then
        assertThat(useCases.records().get("db").values()).isEqualTo(Map.of("instances", 7L));
        assertThat(useCases.secret("db", "superuserPassword")).contains(PASSWORD);
        assertThat(useCases.lastCommit().subject()).isEqualTo("upgrade db (cnpg 1.0.0 -> 1.0.0)");
    }

    @Test
    void shouldRefuseAnInvalidConfigWhenUpgrading() throws Exception {
        // Given
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.provisioning.apply(
                ENV,
                new Operation.Upgrade("db", "1.0.0", Optional.of(UseCases.json("{\"instances\": 99}"))),
                useCases.request()));

        // Then
        assertThat(refused).isInstanceOf(InvalidConfigProblem.class);
        assertThat(((InvalidConfigProblem) refused).violations())
                .extracting(ConfigViolation::pointer)
                .containsExactly("/instances");
        assertThat(useCases.state()).isEqualTo(before);
    }
}
