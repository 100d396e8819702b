package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.catalog.YamlReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every composed repository is one complete Kustomize tree: from the root {@code kustomization.yaml} and the paths
 * the Flux Kustomizations apply, every {@code resources:} entry exists (a file, or a folder with a
 * {@code kustomization.yaml}), and every YAML file outside {@code .catalyst/} is reached exactly once: nothing
 * dangles, nothing is applied twice.
 */
class KustomizeTreeTest {
    private static final String KUSTOMIZATION = "kustomization.yaml";

    @TestFactory
    Stream<DynamicTest> shouldComposeACompleteKustomizeTree() {
        return Scenarios.all().stream()
                .map(scenario -> DynamicTest.dynamicTest(scenario.name(), () -> {
                    // Given
                    SortedMap<String, byte[]> tree = scenario.compose();

                    // When
                    Map<String, Integer> references = references(tree);

                    // Then
                    Map<String, Integer> yamlFiles = new TreeMap<>();
                    tree.keySet().stream()
                            .filter(p -> p.endsWith(".yaml") && !p.startsWith(".catalyst/"))
                            .forEach(p -> yamlFiles.put(p, 1));
                    assertThat(references).isEqualTo(yamlFiles);
                    assertThat(tree.keySet())
                            .allMatch(p -> p.endsWith(".yaml"), "only YAML files")
                            .filteredOn(p -> p.startsWith(".catalyst/"))
                            .allMatch(p -> p.matches("\\.catalyst/applications/[a-z0-9-]+\\.yaml"));
                }));
    }

    /**
     * How often each file is reached: the root kustomization once as the entry point, each Flux Kustomization's
     * path once as the folder it applies, then every entry of every reached {@code kustomization.yaml}.
     */
    private static Map<String, Integer> references(SortedMap<String, byte[]> tree) {
        Map<String, Integer> count = new TreeMap<>();
        Deque<String> folders = new ArrayDeque<>();
        folders.add("");
        for (String fluxPath : fluxPaths(tree)) {
            assertThat(fluxPath).as("Flux Kustomization path").startsWith("./").doesNotContain("..");
            folders.add(fluxPath.substring(2) + "/");
        }
        while (!folders.isEmpty()) {
            String folder = folders.poll();
            String kustomization = folder + KUSTOMIZATION;
            assertThat(tree).as("folder '%s' has a kustomization.yaml", folder).containsKey(kustomization);
            count.merge(kustomization, 1, Integer::sum);
            for (JsonNode entry : read(kustomization, tree.get(kustomization)).path("resources")) {
                String resource = entry.asText();
                assertThat(resource)
                        .as("%s: entry '%s' is a plain relative path", kustomization, resource)
                        .doesNotStartWith("/")
                        .doesNotContain("..", "\\", "//");
                String path = folder + resource;
                if (tree.containsKey(path)) {
                    count.merge(path, 1, Integer::sum);
                } else {
                    assertThat(tree)
                            .as(
                                    "%s: entry '%s' is a file or a folder with a kustomization.yaml",
                                    kustomization, resource)
                            .containsKey(path + "/" + KUSTOMIZATION);
                    folders.add(path + "/");
                }
            }
        }
        return count;
    }

    private static List<String> fluxPaths(SortedMap<String, byte[]> tree) {
        List<String> out = new ArrayList<>();
        tree.forEach((path, bytes) -> {
            if (!path.startsWith(".catalyst/") && !path.endsWith(KUSTOMIZATION)) {
                JsonNode object = read(path, bytes);
                if (object.path("apiVersion").asText().startsWith("kustomize.toolkit.fluxcd.io/")) {
                    out.add(object.path("spec").path("path").asText());
                }
            }
        });
        return out;
    }

    private static JsonNode read(String path, byte[] bytes) {
        try {
            return new YamlReader().read(path, bytes).root();
        } catch (YamlReader.YamlException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
