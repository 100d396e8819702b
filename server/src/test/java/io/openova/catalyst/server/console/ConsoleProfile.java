package io.openova.catalyst.server.console;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The server of the console tests: the built-in catalog (earlier versions included) plus the {@code markup} Blueprint, whose display name,
 * summary, description, keywords and setting title are markup (src/test/resources/console/markup). Every console test
 * class uses this one profile, so Quarkus starts once for all of them.
 */
public final class ConsoleProfile implements QuarkusTestProfile {
    static final Path BUILT_IN = Path.of("..", "blueprints");
    static final Path MARKUP = Path.of("src", "test", "resources", "console", "markup", "blueprint.yaml");
    static final Path CATALOG = Path.of("target", "console-catalog");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("catalyst.catalog.path", catalog().toString());
    }

    /** A fresh copy of the built-in catalog with the markup Blueprint added. */
    static synchronized Path catalog() {
        try {
            if (Files.exists(CATALOG)) {
                try (Stream<Path> old = Files.walk(CATALOG)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            try (Stream<Path> folders = Files.list(BUILT_IN)) {
                for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("blueprint.yaml")))
                        .toList()) {
                    copyTree(folder, CATALOG.resolve(folder.getFileName().toString()));
                }
            }
            Path markup = CATALOG.resolve("markup");
            Files.createDirectories(markup);
            Files.copy(MARKUP, markup.resolve("blueprint.yaml"), StandardCopyOption.REPLACE_EXISTING);
            return CATALOG.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the console tests' catalog at " + CATALOG, e);
        }
    }

    /** A Blueprint folder with its earlier versions ({@code versions/<version>/blueprint.yaml}). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
