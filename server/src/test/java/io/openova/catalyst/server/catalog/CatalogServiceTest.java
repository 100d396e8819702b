package io.openova.catalyst.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openova.catalyst.catalog.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the built-in catalog at start: all of it valid, or a message listing every problem. */
class CatalogServiceTest {
    /** Valid as far as the schema goes; line 11 (tenantReachable) and line 12 (license) are wrong. */
    private static final String BROKEN = """
            apiVersion: catalyst.openova.io/v1alpha1
            kind: Blueprint
            metadata:
              name: broken
            spec:
              displayName: Broken
              summary: A Blueprint with two problems.
              version: 1.0.0
              category: data-services
              placement: [application]
              tenantReachable: true
              license: Sovereign-1.0
              provenance: openova
              configSchema:
                type: object
            """;

    private static final String FINE = """
            apiVersion: catalyst.openova.io/v1alpha1
            kind: Blueprint
            metadata:
              name: fine
            spec:
              displayName: Fine
              summary: A Blueprint without problems.
              version: 1.0.0
              category: data-services
              placement: [application]
              license: Apache-2.0
              provenance: openova
              configSchema:
                type: object
              render:
                manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: "${app}"}}
            """;

    @TempDir
    Path catalog;

    @Test
    void shouldListEveryProblemWithFileLineAndFieldWhenABlueprintIsBroken() throws IOException {
        // Given
        write("fine", FINE);
        Path broken = write("broken", BROKEN);
        String path = catalog.toString();

        // When
        InvalidCatalogException e =
                catchThrowableOfType(InvalidCatalogException.class, () -> CatalogService.load(path));

        // Then
        assertThat(e).isNotNull();
        List<String> lines = e.getMessage().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .isEqualTo("the catalog at " + path + " has 2 problems; fix them or run 'catalyst blueprint lint "
                        + path + "':");
        assertThat(lines.get(1))
                .startsWith(broken + ":11: spec.tenantReachable: ")
                .contains("control-plane");
        assertThat(lines.get(2)).startsWith(broken + ":12: spec.license: ").contains("'Sovereign-1.0'");
    }

    @Test
    void shouldNameTheMissingFolderWhenCatalogPathDoesNotExist() {
        // Given
        String missing = catalog.resolve("nowhere").toString();

        // When
        UncheckedIOException e = catchThrowableOfType(UncheckedIOException.class, () -> CatalogService.load(missing));

        // Then
        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .startsWith("cannot read the catalog at " + missing + ": ")
                .contains("no such folder")
                .doesNotContain("\n");
    }

    @Test
    void shouldSayItIsNotAFolderWhenCatalogPathIsAFile() throws IOException {
        // Given
        Path file = Files.writeString(catalog.resolve("blueprints.txt"), "not a folder of Blueprints");
        String path = file.toString();

        // When
        UncheckedIOException e = catchThrowableOfType(UncheckedIOException.class, () -> CatalogService.load(path));

        // Then
        assertThat(e).isNotNull();
        assertThat(e.getMessage())
                .startsWith("cannot read the catalog at " + path + ": ")
                .contains("not a folder");
    }

    @Test
    void shouldLoadEveryBlueprintWhenFolderIsValid() throws IOException {
        // Given
        write("fine", FINE);

        // When
        Catalog loaded = CatalogService.load(catalog.toString());

        // Then
        assertThat(loaded.size()).isEqualTo(1);
        assertThat(loaded.get("fine"))
                .hasValueSatisfying(b -> assertThat(b.spec().displayName()).isEqualTo("Fine"));
        assertThat(loaded.revision()).matches("[0-9a-f]{16}");
    }

    private Path write(String name, String content) throws IOException {
        Path folder = Files.createDirectories(catalog.resolve(name));
        return Files.writeString(folder.resolve("blueprint.yaml"), content);
    }
}
