package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.YamlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Kubernetes object of every golden scenario is valid: Flux objects against the storage-version schema of their
 * CRD in {@code shared/schemas/flux/} (strict: unknown fields rejected), the others (Namespace, ExternalSecret,
 * Kustomize's {@code kustomization.yaml}) by their shape.
 */
class FluxSchemaTest {
    private static final Path SHARED = Path.of("..", "..", "shared", "schemas", "flux");
    private static final FluxSchemas SCHEMAS = FluxSchemas.fromFolder(SHARED);
    private static final String CATALYST_FOLDER = ".catalyst/";
    private static final EnvironmentRef ENV = new EnvironmentRef("acme", "prod");

    @TestFactory
    Stream<DynamicNode> shouldComposeOnlyValidObjects() {
        return Scenarios.all().stream().map(scenario -> {
            List<DynamicNode> tests = new ArrayList<>();
            scenario.compose().forEach((path, bytes) -> {
                if (!path.startsWith(CATALYST_FOLDER)) {
                    tests.add(DynamicTest.dynamicTest(path, () -> assertValid(path, read(path, bytes))));
                }
            });
            return DynamicContainer.dynamicContainer(scenario.name(), tests);
        });
    }

    /**
     * What the catalog lint needs: every Blueprint that renders to something composes to valid objects. The others
     * are never Applications: services installed with the Catalyst platform itself, and bootstrap-only tools.
     */
    @TestFactory
    Stream<DynamicTest> shouldComposeEveryBlueprintThatRendersToValidObjects() {
        Catalog catalog = Scenarios.catalog();
        return catalog.all().stream()
                .filter(blueprint -> rendersSomething(catalog, blueprint))
                .map(blueprint -> DynamicTest.dynamicTest(blueprint.name(), () -> {
                    // Given
                    List<ApplicationRecord> apps = Composer.expand(
                            catalog,
                            ApplicationRecord.of(
                                    blueprint.name(),
                                    blueprint.name(),
                                    blueprint.spec().version()));

                    // When
                    SortedMap<String, byte[]> tree = new Composer(catalog).compose(ENV, apps);

                    // Then
                    tree.forEach((path, bytes) -> {
                        if (!path.startsWith(CATALYST_FOLDER)) {
                            assertValid(path, read(path, bytes));
                        }
                    });
                }));
    }

    @Test
    void shouldLeaveOutOnlyBlueprintsThatAreNeverApplications() {
        // Given
        Catalog catalog = Scenarios.catalog();

        // When
        List<Blueprint> silent = catalog.all().stream()
                .filter(blueprint -> !rendersSomething(catalog, blueprint))
                .toList();

        // Then
        assertThat(silent).isNotEmpty().allSatisfy(blueprint -> assertThat(
                        blueprint.spec().placement())
                .doesNotContain(Placement.APPLICATION));
    }

    private static boolean rendersSomething(Catalog catalog, Blueprint blueprint) {
        if (blueprint.spec().isComposite()) {
            return blueprint.spec().composite().orElseThrow().members().stream()
                    .allMatch(m ->
                            rendersSomething(catalog, catalog.get(m.blueprint()).orElseThrow()));
        }
        return blueprint.spec().chart().isPresent()
                || blueprint.spec().render().map(r -> !r.manifests().isEmpty()).orElse(false);
    }

    @Test
    void shouldComposeEveryFluxKindTheLayoutUsesInSomeScenario() {
        // Given
        Set<String> used = new TreeSet<>();

        // When
        for (Scenarios.Scenario scenario : Scenarios.all()) {
            scenario.compose().forEach((path, bytes) -> {
                if (!path.startsWith(CATALYST_FOLDER)) {
                    JsonNode object = read(path, bytes);
                    used.add(object.path("apiVersion").asText() + "/"
                            + object.path("kind").asText());
                }
            });
        }

        // Then
        assertThat(used)
                .contains(
                        "helm.toolkit.fluxcd.io/v2/HelmRelease",
                        "kustomize.toolkit.fluxcd.io/v1/Kustomization",
                        "source.toolkit.fluxcd.io/v1/HelmRepository",
                        "source.toolkit.fluxcd.io/v1/OCIRepository",
                        "external-secrets.io/v1/ExternalSecret",
                        "v1/Namespace",
                        "kustomize.config.k8s.io/v1beta1/Kustomization");
        assertThat(SCHEMAS.types()).contains("helm.toolkit.fluxcd.io/v2/HelmRelease");
    }

    @Test
    void shouldRejectAMisspeltFieldAndAMissingRequiredOne() {
        // Given
        FluxSchemas.Crd helmRelease =
                SCHEMAS.forType("helm.toolkit.fluxcd.io/v2", "HelmRelease").orElseThrow();
        JsonNode valid = read("valid.yaml", """
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: pg, namespace: pg}
                spec:
                  interval: 10m
                  chartRef: {kind: OCIRepository, name: pg}
                  values: {anything: [goes, here]}
                """.getBytes(StandardCharsets.UTF_8));
        ObjectNode misspelt = valid.deepCopy();
        ((ObjectNode) misspelt.get("spec")).put("intervall", "5m");
        ObjectNode missing = valid.deepCopy();
        ((ObjectNode) missing.get("spec")).remove("interval");

        // When
        Set<String> validProblems = helmRelease.problems(valid);
        Set<String> misspeltProblems = helmRelease.problems(misspelt);
        Set<String> missingProblems = helmRelease.problems(missing);

        // Then
        assertThat(validProblems).isEmpty();
        assertThat(misspeltProblems).singleElement().asString().contains("/spec", "intervall");
        assertThat(missingProblems).singleElement().asString().contains("/spec", "interval");
    }

    private static void assertValid(String path, JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        assertThat(apiVersion).as("%s: apiVersion", path).isNotEmpty();
        assertThat(kind).as("%s: kind", path).isNotEmpty();
        if (path.endsWith("kustomization.yaml")) {
            assertKustomizeFile(path, object);
            return;
        }
        if (isRendered(path)) {
            assertRendered(path, object);
            return;
        }
        assertMetadata(path, object, !kind.equals("Namespace"));
        Optional<FluxSchemas.Crd> crd = SCHEMAS.forType(apiVersion, kind);
        if (crd.isPresent()) {
            assertThat(crd.get().problems(object))
                    .as("%s against %s (%s)", path, crd.get().file(), crd.get().apiVersion())
                    .isEmpty();
            return;
        }
        switch (apiVersion + "/" + kind) {
            case "v1/Namespace" -> assertNamespace(path, object);
            case "external-secrets.io/v1/ExternalSecret" -> assertExternalSecret(path, object);
            default -> throw new AssertionError(path + ": no schema for " + apiVersion + " " + kind);
        }
    }

    /** A file of a Blueprint's render.manifests: manifests/<app>/<kind>-<name>.yaml. */
    private static boolean isRendered(String path) {
        return path.split("/").length == 3 && path.startsWith("manifests/");
    }

    /** Objects of kinds Catalyst has no schema for: named, in the namespace Kustomize gives them, and filed by kind. */
    private static void assertRendered(String path, JsonNode object) {
        assertMetadata(path, object, false);
        assertThat(path)
                .endsWith("/" + object.path("kind").asText().toLowerCase(java.util.Locale.ROOT) + "-"
                        + object.at("/metadata/name").asText() + ".yaml");
    }

    private static void assertKustomizeFile(String path, JsonNode object) {
        if (path.matches("manifests/[^/]+/kustomization.yaml")) {
            assertThat(fieldNames(object)).as(path).containsExactly("apiVersion", "kind", "namespace", "resources");
            assertThat(object.path("namespace").asText()).as(path).isEqualTo(path.split("/")[1]);
        } else {
            assertThat(fieldNames(object)).as(path).containsExactly("apiVersion", "kind", "resources");
        }
        assertThat(object.path("apiVersion").asText()).as(path).isEqualTo("kustomize.config.k8s.io/v1beta1");
        assertThat(object.path("kind").asText()).as(path).isEqualTo("Kustomization");
        assertThat(object.path("resources").isArray())
                .as("%s: resources is a list", path)
                .isTrue();
        object.path("resources")
                .forEach(r -> assertThat(r.isTextual()).as("%s: %s", path, r).isTrue());
    }

    private static void assertMetadata(String path, JsonNode object, boolean namespaced) {
        JsonNode metadata = object.path("metadata");
        assertThat(Names.problem(metadata.path("name").asText()))
                .as("%s: metadata.name", path)
                .isEmpty();
        if (namespaced) {
            assertThat(Names.problem(metadata.path("namespace").asText()))
                    .as("%s: metadata.namespace", path)
                    .isEmpty();
        } else {
            assertThat(metadata.has("namespace"))
                    .as("%s: metadata.namespace", path)
                    .isFalse();
        }
        for (Map.Entry<String, JsonNode> label : metadata.path("labels").properties()) {
            assertThat(label.getValue().isTextual())
                    .as("%s: label %s", path, label.getKey())
                    .isTrue();
            assertThat(label.getValue().asText())
                    .as("%s: label %s", path, label.getKey())
                    .matches("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
        }
    }

    private static void assertNamespace(String path, JsonNode object) {
        assertThat(fieldNames(object)).as(path).containsExactly("apiVersion", "kind", "metadata");
        assertThat(fieldNames(object.path("metadata"))).as(path).containsExactly("labels", "name");
    }

    private static void assertExternalSecret(String path, JsonNode object) {
        JsonNode spec = object.path("spec");
        String name = object.path("metadata").path("name").asText();
        String namespace = object.path("metadata").path("namespace").asText();
        assertThat(fieldNames(object)).as(path).containsExactly("apiVersion", "kind", "metadata", "spec");
        assertThat(fieldNames(spec)).as(path).containsExactly("data", "refreshInterval", "secretStoreRef", "target");
        assertThat(name).as(path).isEqualTo(namespace + "-secrets");
        assertThat(spec.path("secretStoreRef").path("kind").asText()).isEqualTo("ClusterSecretStore");
        assertThat(spec.path("secretStoreRef").path("name").asText()).isEqualTo("catalyst");
        assertThat(spec.path("target").path("name").asText()).as(path).isEqualTo(name);
        assertThat(spec.path("data")).as("%s: spec.data", path).isNotEmpty();
        for (JsonNode data : spec.path("data")) {
            assertThat(data.path("secretKey").asText()).as(path).matches("[-._a-zA-Z0-9]+");
            assertThat(data.path("remoteRef").path("property").asText())
                    .as(path)
                    .isEqualTo(data.path("secretKey").asText());
            assertThat(data.path("remoteRef").path("key").asText())
                    .as(path)
                    .matches("[a-z0-9-]+/[a-z0-9-]+/" + namespace);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).sorted().toList();
    }

    private static JsonNode read(String path, byte[] bytes) {
        try {
            return new YamlReader().read(path, bytes).root();
        } catch (YamlReader.YamlException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
