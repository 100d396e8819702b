package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.blueprint.Blueprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The built-in catalog ({@code blueprints/}), loaded once for every test class that reads it. */
final class BuiltInBlueprints {
    static final Path ROOT = Path.of("..", "blueprints");

    private static volatile CatalogLoader.LoadResult result;

    private BuiltInBlueprints() {}

    static CatalogLoader.LoadResult result() {
        CatalogLoader.LoadResult r = result;
        if (r == null) {
            synchronized (BuiltInBlueprints.class) {
                r = result;
                if (r == null) {
                    try {
                        r = new CatalogLoader().load(List.of(new DirectoryBlueprintSource("builtin", ROOT)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    result = r;
                }
            }
        }
        return r;
    }

    static Catalog catalog() {
        return result().catalog();
    }

    /** A Blueprint of the built-in catalog, failing the test if it is missing. */
    static Blueprint get(String name) {
        Blueprint blueprint = catalog().get(name).orElse(null);
        assertThat(blueprint).as("built-in Blueprint '%s'", name).isNotNull();
        return blueprint;
    }
}
