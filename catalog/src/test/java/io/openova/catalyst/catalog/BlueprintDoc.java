package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A minimal valid {@code blueprint.yaml} written inline, varied one part at a time by the tests. Immutable: every
 * change returns a new document.
 */
record BlueprintDoc(
        String name, String placement, String license, String provenance, String specLines, String configSchema) {
    static final String FOLDER = "demo";
    static final String FILE = "blueprints/demo/blueprint.yaml";

    private static final String UPSTREAM = """
            provenance: upstream
            upstream:
              project: Demo
              url: https://example.org/demo
            """;

    private static final String CONFIG_SCHEMA = """
            $schema: https://json-schema.org/draft/2020-12/schema
            type: object
            additionalProperties: false
            properties:
              size:
                type: integer
                minimum: 1
                default: 1
            """;

    private static final String CHART = """
            chart:
              repository: https://example.org/charts
              name: demo
              version: 1.0.0
            """;

    /** A valid upstream Application Blueprint named like its folder, {@code demo}, with a chart. */
    static BlueprintDoc minimal() {
        return new BlueprintDoc(FOLDER, "[application]", "Apache-2.0", UPSTREAM, CHART, CONFIG_SCHEMA);
    }

    /** The same Blueprint without its chart: nothing to install until it gets {@code render.manifests}. */
    BlueprintDoc withoutChart() {
        return new BlueprintDoc(name, placement, license, provenance, specLines.replace(CHART, ""), configSchema);
    }

    BlueprintDoc withName(String newName) {
        return new BlueprintDoc(newName, placement, license, provenance, specLines, configSchema);
    }

    BlueprintDoc withPlacement(String newPlacement) {
        return new BlueprintDoc(name, newPlacement, license, provenance, specLines, configSchema);
    }

    BlueprintDoc withLicense(String newLicense) {
        return new BlueprintDoc(name, placement, newLicense, provenance, specLines, configSchema);
    }

    /** OpenOva's own software: provenance openova and no upstream block. */
    BlueprintDoc openova() {
        return new BlueprintDoc(name, placement, license, "provenance: openova\n", specLines, configSchema);
    }

    /** Extra fields under {@code spec}, written without indentation. */
    BlueprintDoc withSpec(String yaml) {
        return new BlueprintDoc(name, placement, license, provenance, specLines + yaml, configSchema);
    }

    /** The {@code spec.configSchema} body, written without indentation. */
    BlueprintDoc withConfigSchema(String yaml) {
        return new BlueprintDoc(name, placement, license, provenance, specLines, yaml);
    }

    String yaml() {
        return """
                apiVersion: catalyst.openova.io/v1alpha1
                kind: Blueprint
                metadata:
                  name: %s
                spec:
                  displayName: Demo
                  summary: A component used by the tests.
                  version: 1.0.0
                  category: data-services
                  placement: %s
                  license: %s
                %s%s  configSchema:
                %s""".formatted(
                        name, placement, license, provenance.indent(2), specLines.indent(2), configSchema.indent(4));
    }

    /** The 1-based line of the first line of {@link #yaml()} that, stripped, starts with {@code text}. */
    int lineOf(String text) {
        List<String> lines = yaml().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starts with '" + text + "' in\n" + yaml());
    }

    BlueprintReader.Result read() {
        return new BlueprintReader().read(FILE, FOLDER, yaml().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the document and returns its problems, failing if it was accepted. */
    List<Problem> problems() {
        BlueprintReader.Result result = read();
        assertThat(result).as("reading\n%s", yaml()).isInstanceOf(BlueprintReader.Rejected.class);
        return ((BlueprintReader.Rejected) result).problems();
    }

    /** Reads the document, failing with its problems if it was rejected. */
    BlueprintReader.Read accepted() {
        BlueprintReader.Result result = read();
        if (result instanceof BlueprintReader.Rejected rejected) {
            throw new AssertionError("expected no problems but got " + rejected.problems() + " for\n" + yaml());
        }
        return (BlueprintReader.Read) result;
    }
}
