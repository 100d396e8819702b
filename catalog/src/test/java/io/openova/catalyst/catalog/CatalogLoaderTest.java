package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.openova.catalyst.api.blueprint.Blueprint;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {
    private static final Path LOADER = Path.of("src", "test", "resources", "loader");
    private static final Path LINT_FIXTURES = Path.of("src", "test", "resources", "lint-fixtures");

    private static CatalogLoader.LoadResult load(String scenario) throws IOException {
        return new CatalogLoader().load(List.of(new DirectoryBlueprintSource(scenario, LOADER.resolve(scenario))));
    }

    private static String file(String scenario, String blueprint) {
        return LOADER.resolve(scenario)
                .resolve(blueprint)
                .resolve("blueprint.yaml")
                .toString();
    }

    private static List<String> names(Catalog catalog) {
        return catalog.all().stream().map(Blueprint::name).toList();
    }

    @Test
    void shouldReportMissingDependencyAtTheDependsOnEntry() throws Exception {
        // Given
        String scenario = "missing-dependency";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        assertThat(result.ok()).isFalse();
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(file(scenario, "app") + ":13: spec.dependsOn[0]: dependsOn 'foo' does not exist");
        assertThat(result.catalog().size()).isZero();
    }

    @Test
    void shouldRejectSelfDependencyOnceAndNotAsACycle() throws Exception {
        // Given
        String scenario = "self-dependency";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        assertThat(result.problems())
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple("spec.dependsOn[0]", "a Blueprint cannot depend on itself"));
        assertThat(result.catalog().get("app")).isEmpty();
    }

    @Test
    void shouldReportCycleOnceWithThePathOnEveryMember() throws Exception {
        // Given: a -> b -> c -> a, d -> a, and e on its own
        String scenario = "cycle";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        String cycle = "dependency cycle: a -> b -> c -> a";
        assertThat(result.problems())
                .extracting(Problem::file, Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        tuple(file(scenario, "a"), 13, "spec.dependsOn[0]", cycle),
                        tuple(file(scenario, "b"), 13, "spec.dependsOn[0]", cycle),
                        tuple(file(scenario, "c"), 13, "spec.dependsOn[0]", cycle),
                        tuple(
                                file(scenario, "d"),
                                13,
                                "spec.dependsOn[0]",
                                "needs 'a', which has problems; left out until they are fixed"));
        assertThat(names(result.catalog())).containsExactly("e");
    }

    @Test
    void shouldReportCompositeMemberThatDoesNotExist() throws Exception {
        // Given
        String scenario = "composite-missing-member";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(file(scenario, "suite")
                        + ":16: spec.composite.members[1].blueprint: member 'ghost' does not exist");
        assertThat(names(result.catalog())).containsExactly("db");
    }

    @Test
    void shouldRejectMemberThatCannotBePlacedWhereTheCompositeIs() throws Exception {
        // Given: an application composite holding a host-cluster-only member
        String scenario = "member-placement";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        assertThat(result.problems())
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple(
                        "spec.composite.members[0].blueprint",
                        "member 'agent' cannot be placed in application (its placement: host-cluster)"));
        assertThat(names(result.catalog())).containsExactly("agent");
    }

    @Test
    void shouldValidateMemberConfigAgainstTheMembersSchema() throws Exception {
        // Given: suite sets 'sise' (a typo) on db, good-suite sets 'size'
        String scenario = "member-config";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(file(scenario, "suite")
                        + ":16: spec.composite.members[0].config.sise: not valid for 'db': unknown field 'sise'");
        assertThat(names(result.catalog())).containsExactly("db", "good-suite");
    }

    @Test
    void shouldRejectApplicationDependingOnControlPlaneServiceThatIsNotTenantReachable() throws Exception {
        // Given
        String scenario = "tenant-reach";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        assertThat(result.problems())
                .extracting(Problem::file, Problem::field, Problem::message)
                .containsExactly(tuple(
                        file(scenario, "app-closed"),
                        "spec.dependsOn[0]",
                        "'cp-closed' (placement control-plane) is not reachable from an application Blueprint:"
                                + " Organizations cannot reach it (it is not tenantReachable)"));
        assertThat(result.catalog().get("app-closed")).isEmpty();
    }

    @Test
    void shouldAllowApplicationDependingOnTenantReachableControlPlaneService() throws Exception {
        // Given
        String scenario = "tenant-reach";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        assertThat(names(result.catalog())).containsExactly("app-open", "cp-closed", "cp-open");
        assertThat(result.catalog().get("app-open").orElseThrow().spec().dependsOn())
                .containsExactly("cp-open");
    }

    @Test
    void shouldRejectDependencyOnBootstrapOnlyBlueprint() throws Exception {
        // Given
        String scenario = "bootstrap-dependency";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(file(scenario, "tool")
                        + ":13: spec.dependsOn[0]: 'boot' is bootstrap-only and never runs on a cluster");
        assertThat(names(result.catalog())).containsExactly("boot");
    }

    @Test
    void shouldLeaveOutBlueprintsThatNeedAnInvalidOneTransitively() throws Exception {
        // Given: broken has an unknown field; user needs broken; user-of-user needs user; fine needs nothing
        String scenario = "invalid-dependency";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        String needs = ", which has problems; left out until they are fixed";
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(
                        file(scenario, "broken") + ":13: spec.colour: unknown field 'colour'",
                        file(scenario, "user-of-user") + ":13: spec.dependsOn[0]: needs 'user'" + needs,
                        file(scenario, "user") + ":13: spec.dependsOn[0]: needs 'broken'" + needs);
        assertThat(names(result.catalog())).containsExactly("fine");
    }

    @Test
    void shouldNeverHalfLoadAnInvalidBlueprint() throws Exception {
        // Given
        String scenario = "invalid-dependency";

        // When
        Catalog catalog = load(scenario).catalog();

        // Then
        assertThat(catalog.get("broken")).isEmpty();
        assertThat(catalog.fileOf("broken")).isEmpty();
        assertThat(catalog.dependents("broken")).isEmpty();
        assertThat(catalog.closure("fine"))
                .extracting(Catalog.ClosureStep::blueprint)
                .containsExactly("fine");
    }

    @Test
    void shouldReportFolderWithoutBlueprintFile() throws Exception {
        // Given
        String scenario = "no-file";

        // When
        CatalogLoader.LoadResult result = load(scenario);

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(LOADER.resolve(scenario).resolve("empty") + ": folder has no blueprint.yaml");
        assertThat(names(result.catalog())).containsExactly("fine");
    }

    @Test
    void shouldRejectSecondDefinitionOfANameAcrossSources() throws Exception {
        // Given
        List<DirectoryBlueprintSource> sources = List.of(
                new DirectoryBlueprintSource("a", LOADER.resolve("duplicate-a")),
                new DirectoryBlueprintSource("b", LOADER.resolve("duplicate-b")));

        // When
        CatalogLoader.LoadResult result = new CatalogLoader().load(sources);

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(file("duplicate-b", "shared") + ":4: metadata.name: 'shared' is already defined by "
                        + file("duplicate-a", "shared"));
        assertThat(result.catalog().fileOf("shared")).contains(file("duplicate-a", "shared"));
    }

    @Test
    void shouldKeepRevisionWhenNothingChangesAndChangeItWhenAFileDoes(@TempDir Path root) throws Exception {
        // Given
        Path source = LOADER.resolve("cycle").resolve("e").resolve("blueprint.yaml");
        Path copy = Files.createDirectories(root.resolve("e")).resolve("blueprint.yaml");
        Files.copy(source, copy);
        List<DirectoryBlueprintSource> sources = List.of(new DirectoryBlueprintSource("tmp", root));
        String first = new CatalogLoader().load(sources).catalog().revision();
        String again = new CatalogLoader().load(sources).catalog().revision();

        // When
        Files.writeString(
                copy,
                Files.readString(copy).replace("summary: Test fixture e.", "summary: Test fixture e, edited."),
                StandardCharsets.UTF_8);
        String edited = new CatalogLoader().load(sources).catalog().revision();

        // Then
        assertThat(again).isEqualTo(first);
        assertThat(edited).isNotEqualTo(first).hasSize(16).matches("[0-9a-f]{16}");
    }

    @Test
    void shouldFailWhenSourceFolderDoesNotExist() {
        // Given
        DirectoryBlueprintSource source = new DirectoryBlueprintSource("nowhere", LOADER.resolve("does-not-exist"));

        // When
        Throwable thrown = catchThrowable(() -> new CatalogLoader().load(List.of(source)));

        // Then
        assertThat(thrown).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void shouldReportEveryKindOfBreakageInTheLintFixtures() throws Exception {
        // Given
        String p = LINT_FIXTURES + File.separator;

        // When
        CatalogLoader.LoadResult result =
                new CatalogLoader().load(List.of(new DirectoryBlueprintSource("lint", LINT_FIXTURES)));

        // Then
        assertThat(result.problems().stream().map(Problem::format).sorted().toList())
                .containsExactly(
                        p + "bad-yaml/blueprint.yaml:15: invalid YAML: while scanning a quoted scalar: found unexpected"
                                + " end of stream",
                        p + "bomb/blueprint.yaml: invalid YAML: Number of aliases for non-scalar nodes exceeds the"
                                + " specified max=20",
                        p
                                + "cycle-a/blueprint.yaml:13: spec.dependsOn[0]: dependency cycle: cycle-a -> cycle-b -> cycle-a",
                        p
                                + "cycle-b/blueprint.yaml:13: spec.dependsOn[0]: dependency cycle: cycle-a -> cycle-b -> cycle-a",
                        p + "duplicate-keys/blueprint.yaml:8: spec: invalid YAML: duplicate key 'summary' (first at"
                                + " line 7)",
                        p
                                + "missing-dependency/blueprint.yaml:13: spec.dependsOn[0]: dependsOn 'nowhere' does not exist",
                        p + "not-a-schema/blueprint.yaml:16: spec.configSchema.properties.size: must be a schema (an"
                                + " object or a boolean)",
                        p + "unknown-field/blueprint.yaml:13: spec.colour: unknown field 'colour'",
                        p
                                + "unknown-license/blueprint.yaml:11: spec.license: 'Sovereign-1.0' is not an SPDX license id");
    }

    @Test
    void shouldLoadOnlyTheValidLintFixtures() throws Exception {
        // Given
        DirectoryBlueprintSource source = new DirectoryBlueprintSource("lint", LINT_FIXTURES);

        // When
        CatalogLoader.LoadResult result = new CatalogLoader().load(List.of(source));

        // Then
        assertThat(names(result.catalog())).containsExactly("valid-app", "valid-db");
    }
}
