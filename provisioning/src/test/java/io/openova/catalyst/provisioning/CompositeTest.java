package io.openova.catalyst.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.provisioning.compose.ApplicationRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composites, on the catalog of {@code src/test/resources/usecases/catalog}: {@code datastack} is cnpg + valkey,
 * {@code workflows} is cnpg + temporal (which needs cnpg).
 */
class CompositeTest {
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

    @Test
    void shouldRecordEveryMemberAsPartOfTheCompositeInOneCommitWhenInstallingAComposite() throws Exception {
        // Given
        int before = useCases.log().size();

        // When
        Outcome outcome = useCases.install("data", "datastack");

        // Then
        assertThat(useCases.log()).hasSize(before + 1);
        assertThat(useCases.lastCommit().subject()).isEqualTo("install data (datastack 1.0.0)");
        assertThat(useCases.records())
                .isEqualTo(Map.of(
                        "data",
                        ApplicationRecord.of("data", "datastack", "1.0.0"),
                        "data-cnpg",
                        new ApplicationRecord(
                                "data-cnpg", "cnpg", "1.0.0", Map.of("instances", 1L), List.of(), Optional.of("data")),
                        "data-valkey",
                        new ApplicationRecord(
                                "data-valkey",
                                "valkey",
                                "1.0.0",
                                Map.of("replicas", 0L),
                                List.of(),
                                Optional.of("data"))));
        assertThat(outcome.applications())
                .extracting(ApplicationRecord::name)
                .containsExactly("data", "data-cnpg", "data-valkey");
    }

    @Test
    void shouldWriteManifestsForTheMembersOnlyWhenInstallingAComposite() throws Exception {
        // When
        useCases.install("data", "datastack");

        // Then
        assertThat(useCases.tree().keySet())
                .contains("resources/data-cnpg/helmrelease.yaml", "resources/data-valkey/helmrelease.yaml")
                .noneMatch(path -> path.startsWith("resources/data/") || path.startsWith("dependencies/data/"));
        assertThat(useCases.yaml("resources/kustomization.yaml").path("resources"))
                .extracting(JsonNode::asText)
                .containsExactly("data-cnpg", "data-valkey");
        JsonNode release = useCases.yaml("resources/data-cnpg/helmrelease.yaml");
        assertThat(release.at("/spec/values/instances").asInt()).isEqualTo(1);
        assertThat(release.at("/metadata/labels/app.kubernetes.io~1part-of").asText())
                .isEqualTo("data");
    }

    @Test
    void shouldMakeAMemberDependOnTheMemberItNeedsWhenInstallingAComposite() throws Exception {
        // When
        useCases.install("flows", "workflows");

        // Then
        JsonNode dependsOn =
                useCases.yaml("resources/flows-temporal/helmrelease.yaml").at("/spec/dependsOn");
        assertThat(dependsOn).hasSize(1);
        assertThat(dependsOn.get(0).path("name").asText()).isEqualTo("flows-cnpg");
        assertThat(useCases.yaml("resources/flows-temporal/helmrelease.yaml")
                        .at("/spec/values/webUI")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void shouldRefuseWithConflictWhenUninstallingAMemberOfAComposite() throws Exception {
        // Given
        useCases.install("data", "datastack");
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.apply(new Operation.Uninstall("data-cnpg")));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.CONFLICT);
        assertThat(refused).hasMessageContaining("part of 'data'");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldRemoveTheCompositeAndAllItsMembersInOneCommitWhenUninstallingIt() throws Exception {
        // Given
        String empty = useCases.head().commitId();
        useCases.install("data", "datastack");
        int before = useCases.log().size();

        // When
        useCases.apply(new Operation.Uninstall("data"));

        // Then
        assertThat(useCases.log()).hasSize(before + 1);
        assertThat(useCases.lastCommit().subject()).isEqualTo("uninstall data (datastack 1.0.0)");
        assertThat(useCases.records()).isEmpty();
        assertThat(useCases.tree())
                .isEqualTo(UseCases.text(
                        useCases.repositories.at(UseCases.ENV, empty).files()));
    }

    @Test
    void shouldRefuseWithConflictWhenAMemberNameIsTakenAlready() throws Exception {
        // Given
        useCases.install("data-cnpg", "cnpg");
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.install("data", "datastack"));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.CONFLICT);
        assertThat(refused).hasMessageContaining("'data-cnpg'");
        assertThat(useCases.state()).isEqualTo(before);
    }

    @Test
    void shouldRefuseWhenAMemberNameWouldBeLongerThanALabel() throws Exception {
        // Given
        String name = "d".repeat(60);
        UseCases.State before = useCases.state();

        // When
        ProvisioningException refused = UseCases.refusal(() -> useCases.install(name, "datastack"));

        // Then
        assertThat(refused.kind()).isEqualTo(ProvisioningException.Kind.UNPROCESSABLE);
        assertThat(refused).hasMessageContaining("choose a shorter name");
        assertThat(useCases.state()).isEqualTo(before);
    }
}
