package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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
}
