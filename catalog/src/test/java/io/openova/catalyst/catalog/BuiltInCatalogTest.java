package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInCatalogTest {
    static final Path BLUEPRINTS = Path.of("..", "blueprints");

    static CatalogLoader.LoadResult load() throws Exception {
        return new CatalogLoader().load(List.of(new DirectoryBlueprintSource("builtin", BLUEPRINTS)));
    }

    @Test
    void shouldLoadEveryBuiltInBlueprintWithoutProblems() throws Exception {
        CatalogLoader.LoadResult result = load();

        assertThat(result.problems()).extracting(Problem::format).isEmpty();
        assertThat(result.catalog().size()).isEqualTo(SpecComponents.ALL.size());
    }

    @Test
    void shouldKeepTheEarlierVersionOfValkeyWithItsOwnChartAndDefaults() throws Exception {
        // When
        Catalog catalog = BuiltInBlueprints.catalog();

        // Then
        assertThat(catalog.versions("valkey")).containsExactly("1.0.0", "0.9.0");
        assertThat(catalog.get("valkey", "0.9.0").flatMap(b -> b.spec().chart()))
                .get()
                .extracting(c -> c.version())
                .isEqualTo("0.7.0");
        assertThat(maxMemoryDefault(catalog.get("valkey", "0.9.0").orElseThrow()))
                .isEqualTo("256mb");
        assertThat(maxMemoryDefault(catalog.get("valkey").orElseThrow())).isEqualTo("512mb");
    }

    private static Object maxMemoryDefault(io.openova.catalyst.api.blueprint.Blueprint blueprint) {
        Map<?, ?> properties = (Map<?, ?>) blueprint.spec().configSchema().get("properties");
        return ((Map<?, ?>) properties.get("maxMemory")).get("default");
    }
}
