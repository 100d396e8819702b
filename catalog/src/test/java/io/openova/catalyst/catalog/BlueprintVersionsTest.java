package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.openova.catalyst.api.blueprint.Blueprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Earlier versions of a Blueprint: {@code <name>/versions/<version>/blueprint.yaml} beside the current one. */
class BlueprintVersionsTest {
    @TempDir
    Path root;

    private static String blueprint(String name, String version, String extra) {
        return """
                apiVersion: catalyst.openova.io/v1alpha1
                kind: Blueprint
                metadata:
                  name: %s
                spec:
                  displayName: %s
                  summary: Test fixture %s.
                  version: %s
                  category: data-services
                  placement: [application]
                  license: Apache-2.0
                  provenance: openova
                  configSchema:
                    type: object
                    additionalProperties: false
                    properties:
                      size:
                        type: integer
                        minimum: 1
                        default: %s
                  chart:
                    repository: https://charts.example.org
                    name: %s
                    version: 1.0.0
                %s""".formatted(name, name, name, version, version.startsWith("0.") ? "1" : "2", name, extra);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative).resolve("blueprint.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private Path current(String name, String version) throws IOException {
        return write(name, blueprint(name, version, ""));
    }

    private Path earlier(String name, String folder, String version) throws IOException {
        return write(name + "/versions/" + folder, blueprint(name, version, ""));
    }

    private static Object defaultSize(Blueprint blueprint) {
        Object properties = blueprint.spec().configSchema().get("properties");
        Object size = ((java.util.Map<?, ?>) properties).get("size");
        return ((Number) ((java.util.Map<?, ?>) size).get("default")).longValue();
    }

    private CatalogLoader.LoadResult load() throws IOException {
        return new CatalogLoader().load(List.of(new DirectoryBlueprintSource("tmp", root)));
    }

    @Test
    void shouldKeepEveryVersionAndAnswerTheCurrentOneByNameWhenEarlierVersionsAreValid() throws Exception {
        // Given
        current("db", "2.0.0");
        earlier("db", "1.0.0", "1.0.0");
        earlier("db", "2.0.0-rc.1", "2.0.0-rc.1");
        earlier("db", "0.9.0", "0.9.0");

        // When
        CatalogLoader.LoadResult result = load();

        // Then
        Catalog catalog = result.catalog();
        assertThat(result.problems()).extracting(Problem::format).isEmpty();
        assertThat(catalog.versions("db")).containsExactly("2.0.0", "2.0.0-rc.1", "1.0.0", "0.9.0");
        assertThat(catalog.get("db").map(b -> b.spec().version())).contains("2.0.0");
        assertThat(catalog.get("db", "0.9.0").map(BlueprintVersionsTest::defaultSize))
                .contains(1L);
        assertThat(catalog.get("db", "2.0.0").map(BlueprintVersionsTest::defaultSize))
                .contains(2L);
        assertThat(catalog.size()).isEqualTo(1);
    }

    @Test
    void shouldAnswerNothingWhenTheVersionOrTheNameIsUnknown() throws Exception {
        // Given
        current("db", "2.0.0");
        earlier("db", "1.0.0", "1.0.0");
        Catalog catalog = load().catalog();

        // When
        Optional<Blueprint> unknownVersion = catalog.get("db", "1.5.0");
        Optional<Blueprint> unknownName = catalog.get("ghost", "1.0.0");

        // Then
        assertThat(unknownVersion).isEmpty();
        assertThat(unknownName).isEmpty();
        assertThat(catalog.versions("ghost")).isEmpty();
    }

    @Test
    void shouldSearchCurrentVersionsOnlyWhenEarlierVersionsExist() throws Exception {
        // Given
        current("db", "2.0.0");
        earlier("db", "1.0.0", "1.0.0");
        current("cache", "1.0.0");
        Catalog catalog = load().catalog();

        // When
        Page<Blueprint> page = catalog.query(CatalogQuery.all());

        // Then
        assertThat(page.items())
                .extracting(Blueprint::name, b -> b.spec().version())
                .containsExactly(tuple("cache", "1.0.0"), tuple("db", "2.0.0"));
        assertThat(page.facets().get("category")).containsEntry("data-services", 2);
    }

    @Test
    void shouldRejectAnEarlierVersionWhoseFolderIsNotItsVersion() throws Exception {
        // Given
        current("db", "2.0.0");
        Path file = earlier("db", "1.0.0", "1.1.0");

        // When
        CatalogLoader.LoadResult result = load();

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(file + ":8: spec.version: '1.1.0' must equal the name of its version folder '1.0.0'");
        assertThat(result.catalog().get("db")).isEmpty();
    }

    @Test
    void shouldRejectAnEarlierVersionThatNamesAnotherBlueprint() throws Exception {
        // Given
        current("db", "2.0.0");
        Path file = write("db/versions/1.0.0", blueprint("other", "1.0.0", ""));

        // When
        CatalogLoader.LoadResult result = load();

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(file + ":4: metadata.name: 'other' must equal the name of its folder 'db'");
        assertThat(result.catalog().size()).isZero();
    }

    @Test
    void shouldRejectAnEarlierVersionThatIsNotLowerThanTheCurrentOne() throws Exception {
        // Given: a pre-release of 2.0.0 is lower than 2.0.0, 2.0.1 is not
        Path currentFile = current("db", "2.0.0");
        earlier("db", "2.0.0-beta.2", "2.0.0-beta.2");
        Path file = earlier("db", "2.0.1", "2.0.1");

        // When
        CatalogLoader.LoadResult result = load();

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(file + ":8: spec.version: an earlier version must be lower than the current version"
                        + " 2.0.0 (" + currentFile + ")");
        assertThat(result.catalog().get("db")).isEmpty();
    }

    @Test
    void shouldRejectAnEarlierVersionThatDuplicatesTheCurrentOne() throws Exception {
        // Given
        Path currentFile = current("db", "2.0.0");
        Path file = earlier("db", "2.0.0", "2.0.0");

        // When
        CatalogLoader.LoadResult result = load();

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(file + ":8: spec.version: version 2.0.0 is already defined by " + currentFile);
    }

    @Test
    void shouldLintAnEarlierVersionLikeACurrentOneAndLeaveOutTheBlueprintAndWhatNeedsIt() throws Exception {
        // Given: db 1.0.0 has an unknown field and depends on a Blueprint that does not exist; app needs db
        current("db", "2.0.0");
        Path file = write("db/versions/1.0.0", blueprint("db", "1.0.0", "  colour: blue\n"));
        Path dependency = write("db/versions/1.5.0", blueprint("db", "1.5.0", "  dependsOn: [nowhere]\n"));
        Path app = write("app", blueprint("app", "1.0.0", "  dependsOn: [db]\n"));
        current("fine", "1.0.0");

        // When
        CatalogLoader.LoadResult result = load();

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(
                        app + ":25: spec.dependsOn[0]: needs 'db', which has problems; left out until they are fixed",
                        file + ":25: spec.colour: unknown field 'colour'",
                        dependency + ":25: spec.dependsOn[0]: dependsOn 'nowhere' does not exist");
        assertThat(result.catalog().all()).extracting(Blueprint::name).containsExactly("fine");
    }

    @Test
    void shouldReportAVersionFolderWithoutABlueprintFile() throws Exception {
        // Given
        current("db", "2.0.0");
        Files.createDirectories(root.resolve("db/versions/1.0.0"));

        // When
        CatalogLoader.LoadResult result = load();

        // Then
        assertThat(result.problems())
                .extracting(Problem::format)
                .containsExactly(root.resolve("db/versions/1.0.0") + ": folder has no blueprint.yaml");
    }

    @Test
    void shouldChangeTheRevisionWhenAnEarlierVersionChanges() throws Exception {
        // Given
        current("db", "2.0.0");
        earlier("db", "1.0.0", "1.0.0");
        String before = load().catalog().revision();

        // When
        write("db/versions/1.0.0", blueprint("db", "1.0.0", "").replace("Test fixture db.", "Edited."));
        String after = load().catalog().revision();

        // Then
        assertThat(after).isNotEqualTo(before);
    }
}
