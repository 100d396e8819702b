package io.openova.catalyst.server.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The built-in catalog as it lies on disk (the folder the test profile serves), read without the code under test:
 * the expected names and counts of the API tests come from here, not from the API.
 */
final class BuiltInCatalogFolder {
    static final Path ROOT = Path.of("..", "blueprints");

    private BuiltInCatalogFolder() {}

    /** The Blueprint names, in natural order: every folder holding a blueprint.yaml. */
    static List<String> names() {
        try (Stream<Path> folders = Files.list(ROOT)) {
            return folders.filter(folder -> Files.isRegularFile(folder.resolve("blueprint.yaml")))
                    .map(folder -> folder.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the built-in catalog at " + ROOT.toAbsolutePath(), e);
        }
    }
}
