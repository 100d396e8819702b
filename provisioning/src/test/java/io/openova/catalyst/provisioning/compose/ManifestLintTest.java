package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.CatalogLoader;
import io.openova.catalyst.catalog.DirectoryBlueprintSource;
import io.openova.catalyst.catalog.Problem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestLintTest {

    private static Catalog load(Path folder) throws Exception {
        CatalogLoader.LoadResult result =
                new CatalogLoader().load(List.of(new DirectoryBlueprintSource("test", folder)));
        assertThat(result.problems()).isEmpty();
        return result.catalog();
    }

    @Test
    void shouldFindNothingWrongWithTheManifestsOfTheBuiltInCatalog() throws Exception {
        Catalog catalog = load(Path.of("..", "blueprints"));

        List<Problem> problems = ManifestLint.lint(catalog);

        assertThat(problems).extracting(Problem::format).isEmpty();
    }

    @Test
    void shouldReportACompositeThatCannotBeComposedWithItsDefaults() throws Exception {
        Path folder = Path.of("src", "test", "resources", "manifest-lint", "long-names");
        Catalog catalog = load(folder);

        List<Problem> problems = ManifestLint.lint(catalog);

        assertThat(problems).hasSize(1);
        Problem problem = problems.getFirst();
        assertThat(problem.file())
                .isEqualTo(folder.resolve("a-composite-with-long-member/blueprint.yaml")
                        .toString());
        assertThat(problem.field()).isEqualTo("spec");
        assertThat(problem.message())
                .startsWith("cannot be composed with its defaults: ")
                .contains("63");
    }

    @Test
    void shouldBundleExactlyTheSharedFluxSchemas() throws Exception {
        Path shared = Path.of("..", "..", "shared", "schemas", "flux");

        for (String file : FluxSchemas.FILES) {
            byte[] bundled;
            try (var in = FluxSchemas.class.getResourceAsStream("flux/" + file)) {
                assertThat(in).as(file).isNotNull();
                bundled = in.readAllBytes();
            }
            assertThat(bundled).as(file).isEqualTo(java.nio.file.Files.readAllBytes(shared.resolve(file)));
        }
        assertThat(FluxSchemas.bundled().types())
                .isEqualTo(FluxSchemas.fromFolder(shared).types());
    }
}
