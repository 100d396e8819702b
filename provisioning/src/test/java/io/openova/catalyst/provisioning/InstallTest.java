package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.diff.FileDiff;
import io.openova.catalyst.gitops.diff.FileDiff.Change;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstallTest extends BuiltinUseCasesTest {
    private static final String PASSWORD = "install-test-password";

    private Outcome installDb() throws ProvisioningException {
        return useCases.provisioning.apply(
                ENV,
                UseCases.installOp("db", "cnpg", """
                        {"instances": 5, "postgresVersion": "17", "superuserPassword": "%s"}
                        """.formatted(PASSWORD)),
                new RequestContext(Optional.empty(), "req-install-db", "alice", false));
    }

    @Test
    void shouldMakeOneCommitNamingTheInstallWhenInstallingABlueprint() throws Exception {
        // Given
        int before = useCases.log().size();

        // When
        installDb();

        // Then
        assertThat(useCases.log()).hasSize(before + 1);
        CommitInfo commit = useCases.lastCommit();
        assertThat(commit.subject()).isEqualTo("install db (cnpg 1.0.0)");
        assertThat(commit.author()).isEqualTo("alice");
        assertThat(commit.time()).isEqualTo(UseCases.NOW);
    }

    @Test
    void shouldCarryTheOperationRequestActionAndApplicationAsTrailersWhenInstalling() throws Exception {
        // When
        Outcome outcome = installDb();

        // Then
        assertThat(useCases.lastCommit().trailers())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "Operation-Id", outcome.operationId(),
                        "Request-Id", "req-install-db",
                        "Catalyst-Action", "install",
                        "Application", "db"));
    }

    @Test
    void shouldWriteTheApplicationsManifestsAndRecordWhenInstalling() throws Exception {
        // When
        installDb();

        // Then
        assertThat(useCases.tree().keySet())
                .contains(
                        "dependencies/db/kustomization.yaml",
                        "dependencies/db/namespace.yaml",
                        "dependencies/db/source.yaml",
                        "resources/db/kustomization.yaml",
                        "resources/db/helmrelease.yaml",
                        "resources/db/externalsecret.yaml",
                        ".catalyst/applications/db.yaml");
        assertThat(useCases.yaml("dependencies/kustomization.yaml").path("resources"))
                .extracting(JsonNode::asText)
                .containsExactly("db");
        assertThat(useCases.yaml("resources/kustomization.yaml").path("resources"))
                .extracting(JsonNode::asText)
                .containsExactly("db");
        JsonNode release = useCases.yaml("resources/db/helmrelease.yaml");
        assertThat(release.at("/spec/chart/spec/chart").asText()).isEqualTo("cloudnative-pg");
        assertThat(useCases.yaml("manifests/kustomization.yaml").path("resources"))
                .extracting(JsonNode::asText)
                .containsExactly("db");
        JsonNode cluster = useCases.yaml("manifests/db/cluster-db.yaml");
        assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(5);
    }

    @Test
    void shouldRecordOnlyTheValuesChangedFromTheDefaultsWhenInstalling() throws Exception {
        // When
        installDb();

        // Then: postgresVersion 17 is the default, the password is a secret: neither is a value of the record
        assertThat(useCases.records())
                .containsExactly(Map.entry(
                        "db",
                        new ApplicationRecord(
                                "db",
                                "cnpg",
                                "1.0.0",
                                Map.of("instances", 5L),
                                List.of("/superuserPassword"),
                                Optional.empty(),
                                Optional.of(useCases.lastCommit().trailers().get("Operation-Id")))));
        assertThat(useCases.tree().get(".catalyst/applications/db.yaml"))
                .doesNotContain("postgresVersion")
                .doesNotContain(PASSWORD);
    }

    @Test
    void shouldReportTheCommitAndEveryFileItChangedWhenInstalling() throws Exception {
        // When
        Outcome outcome = installDb();

        // Then
        assertThat(outcome.action()).isEqualTo("install");
        assertThat(outcome.operationId())
                .isEqualTo(useCases.lastCommit().trailers().get("Operation-Id"));
        assertThat(outcome.commitId()).isEqualTo(useCases.head().commitId());
        assertThat(outcome.commit()).contains(useCases.head().commitId());
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.preview()).isFalse();
        assertThat(outcome.replayed()).isFalse();
        assertThat(outcome.applications())
                .containsExactlyElementsOf(useCases.records().values());
        assertThat(outcome.diff())
                .extracting(FileDiff::path, FileDiff::change)
                .containsExactly(
                        tuple(".catalyst/applications/db.yaml", Change.ADDED),
                        tuple("dependencies/db/kustomization.yaml", Change.ADDED),
                        tuple("dependencies/db/namespace.yaml", Change.ADDED),
                        tuple("dependencies/db/source.yaml", Change.ADDED),
                        tuple("dependencies/kustomization.yaml", Change.MODIFIED),
                        tuple("manifests/db/cluster-db.yaml", Change.ADDED),
                        tuple("manifests/db/kustomization.yaml", Change.ADDED),
                        tuple("manifests/kustomization.yaml", Change.MODIFIED),
                        tuple("resources/db/externalsecret.yaml", Change.ADDED),
                        tuple("resources/db/helmrelease.yaml", Change.ADDED),
                        tuple("resources/db/kustomization.yaml", Change.ADDED),
                        tuple("resources/kustomization.yaml", Change.MODIFIED));
    }

    @Test
    void shouldStoreTheSecretValuesInTheSecretStoreWhenInstalling() throws Exception {
        // When
        installDb();

        // Then
        assertThat(useCases.secret("db", "superuserPassword")).contains(PASSWORD);
        assertThat(useCases.secrets.list("acme/dev")).containsExactly("acme/dev/db");
    }

    @Test
    void shouldPointAnOciChartAtAnOciRepositoryWhenInstallingLibrechat() throws Exception {
        // When
        useCases.install("chat", "librechat");

        // Then
        assertThat(useCases.yaml("dependencies/chat/source.yaml").path("kind").asText())
                .isEqualTo("OCIRepository");
        assertThat(useCases.yaml("resources/chat/helmrelease.yaml")
                        .at("/spec/chartRef/name")
                        .asText())
                .isEqualTo("chat");
        assertThat(useCases.tree()).doesNotContainKey("resources/chat/externalsecret.yaml");
    }

    @Test
    void shouldRefuseASecondApplicationWithTheSameNameWhenInstalling() throws Exception {
        // Given
        useCases.install("events", "strimzi");
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.install("events", "valkey"));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.CONFLICT);
        assertThat(refused).hasMessageContaining("'events' exists already");
        assertThat(useCases.state()).isEqualTo(before);
    }
}
