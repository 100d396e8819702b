package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.Category;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.blueprint.Provenance;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlueprintReaderTest {

    @Test
    void shouldReadMinimalBlueprintIntoModel() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal();

        // When
        BlueprintReader.Read read = doc.accepted();

        // Then
        Blueprint blueprint = read.blueprint();
        assertThat(blueprint.name()).isEqualTo("demo");
        assertThat(blueprint.spec().category()).isEqualTo(Category.DATA_SERVICES);
        assertThat(blueprint.spec().placement()).containsExactly(Placement.APPLICATION);
        assertThat(blueprint.spec().provenance()).isEqualTo(Provenance.UPSTREAM);
        assertThat(blueprint.spec().upstream()).hasValueSatisfying(u -> {
            assertThat(u.project()).isEqualTo("Demo");
            assertThat(u.url()).isEqualTo("https://example.org/demo");
        });
        assertThat(blueprint.spec().configSchema()).containsEntry("type", "object");
        assertThat(read.document().file()).isEqualTo(BlueprintDoc.FILE);
    }

    @Test
    void shouldRejectUnknownFieldAtSpecLevelNamingTheField() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withSpec("colour: blue\n");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::file, Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        tuple(BlueprintDoc.FILE, doc.lineOf("colour:"), "spec.colour", "unknown field 'colour'"));
    }

    @Test
    void shouldRejectMissingRequiredFieldAtItsParent() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal();
        String withoutSummary = doc.yaml().replace("  summary: A component used by the tests.\n", "");

        // When
        BlueprintReader.Result result = new BlueprintReader()
                .read(BlueprintDoc.FILE, BlueprintDoc.FOLDER, withoutSummary.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(result)
                .isInstanceOfSatisfying(BlueprintReader.Rejected.class, rejected -> assertThat(rejected.problems())
                        .extracting(Problem::line, Problem::field, Problem::message)
                        .containsExactly(tuple(doc.lineOf("spec:"), "spec", "missing required field 'summary'")));
    }

    @Test
    void shouldRejectPlacementOutsideTheEnumerationAtTheBadItem() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withPlacement("[application, edge]");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.placement[1]");
            assertThat(p.line()).isEqualTo(doc.lineOf("placement:"));
            assertThat(p.message()).contains("enumeration").contains("control-plane", "host-cluster", "application");
        });
    }

    @Test
    void shouldRejectNameThatDiffersFromFolder() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withName("other");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::format)
                .containsExactly(BlueprintDoc.FILE + ":" + doc.lineOf("name: other")
                        + ": metadata.name: 'other' must equal the name of its folder 'demo'");
    }

    @Test
    void shouldRejectOpenOvaSoftwareWithUpstreamExplainingWhy() {
        // Given: provenance openova but an upstream block left in place
        BlueprintDoc doc = BlueprintDoc.minimal().openova().withSpec("""
                        upstream:
                          project: Demo
                          url: https://example.org/demo
                        """);

        // When
        List<Problem> problems = doc.problems();

        // Then: one problem, on spec.upstream, saying what to do rather than naming a schema path
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("upstream:"),
                        "spec.upstream",
                        "OpenOva's own software has no upstream project; remove it or set provenance: upstream"));
    }

    @Test
    void shouldRejectUpstreamSoftwareWithoutUpstream() {
        // Given
        BlueprintDoc doc =
                new BlueprintDoc("demo", "[application]", "Apache-2.0", "provenance: upstream\n", "", "type: object\n");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple("spec", "missing required field 'upstream'"));
    }

    @Test
    void shouldRejectBootstrapOnlyBlueprintWithChart() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal()
                .withoutChart()
                .withPlacement("[host-cluster]")
                .withSpec("""
                        bootstrapOnly: true
                        chart:
                          repository: https://charts.example.org
                          name: demo
                          version: 1.2.3
                        """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("chart:"),
                        "spec.chart",
                        "a bootstrap-only Blueprint is never installed on a cluster, so it has no chart"));
    }

    @Test
    void shouldRejectCompositeWithChartOfItsOwn() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withoutChart().openova().withSpec("""
                        chart:
                          repository: oci://registry.example.org/charts
                          name: demo
                          version: 1.2.3
                        composite:
                          members:
                            - blueprint: cnpg
                        """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple("spec.chart", "a composite Blueprint installs its members, not a chart of its own"));
    }

    @Test
    void shouldRejectAnApplicationBlueprintWithNothingToInstall() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withoutChart();

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(tuple(
                        "spec",
                        "an Application Blueprint needs a chart or render.manifests, or Catalyst has nothing to"
                                + " install"));
    }

    @Test
    void shouldReadRenderValuesAndManifests() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withSpec("""
                render:
                  values:
                    replicaCount: {$config: /size}
                  manifests:
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: "${app}-settings"}
                      data: {size: "${config:/size}"}
                """);

        // When
        Blueprint blueprint = doc.accepted().blueprint();

        // Then
        assertThat(blueprint.spec().render()).hasValueSatisfying(render -> {
            assertThat(render.values()).contains(Map.of("replicaCount", Map.of("$config", "/size")));
            assertThat(render.manifests()).singleElement().satisfies(m -> assertThat(m)
                    .containsEntry("kind", "ConfigMap"));
        });
    }

    @Test
    void shouldRejectRenderTemplatesThatDoNotMatchTheConfigSchemaAtTheirLine() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withoutChart().withSpec("""
                render:
                  values:
                    replicaCount: {$config: /size}
                  manifests:
                    - apiVersion: v1
                      kind: ConfigMap
                      metadata: {name: "${app}"}
                      data: {colour: {$config: /colour}}
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        tuple(
                                doc.lineOf("values:"),
                                "spec.render.values",
                                "Helm values need a chart; this Blueprint has none"),
                        tuple(
                                doc.lineOf("data: {colour"),
                                "spec.render.manifests[0].data.colour",
                                "the configSchema has no field at /colour"));
    }

    @Test
    void shouldRejectManifestsThatRenderToABadOrRepeatedName() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withSpec("""
                render:
                  manifests:
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: "${app}_x"}}
                    - {apiVersion: v1, kind: Service, metadata: {name: "${app}"}}
                    - {apiVersion: v1, kind: Service, metadata: {name: "${app}"}}
                """);

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple(
                                "spec.render.manifests[0].metadata.name",
                                "renders to 'example_x', which "
                                        + io.openova.catalyst.api.environment.Names.problem("example_x")
                                                .orElseThrow()),
                        tuple("spec.render.manifests[2]", "a second Service named 'example'"));
    }

    @Test
    void shouldRejectRenderOnACompositeAndANamespaceInAManifest() {
        // Given
        BlueprintDoc composite = BlueprintDoc.minimal().withoutChart().openova().withSpec("""
                composite:
                  members:
                    - blueprint: cnpg
                render:
                  manifests:
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}
                """);
        BlueprintDoc namespaced = BlueprintDoc.minimal().withSpec("""
                render:
                  manifests:
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: other}}
                """);

        // When / Then
        assertThat(composite.problems())
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        tuple("spec.render", "a composite Blueprint renders its members, not manifests of its own"));
        assertThat(namespaced.problems())
                .extracting(Problem::field)
                .containsExactly("spec.render.manifests[0].metadata.namespace");
    }

    @Test
    void shouldRejectTenantReachableOnApplicationBlueprint() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withSpec("tenantReachable: true\n");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("tenantReachable:"),
                        "spec.tenantReachable",
                        "only a control-plane Blueprint can be reachable by Organizations"));
    }

    @Test
    void shouldAcceptTenantReachableOnControlPlaneBlueprint() {
        // Given
        BlueprintDoc doc =
                BlueprintDoc.minimal().withPlacement("[control-plane]").withSpec("tenantReachable: true\n");

        // When
        Blueprint blueprint = doc.accepted().blueprint();

        // Then
        assertThat(blueprint.spec().tenantReachable()).isTrue();
    }

    @Test
    void shouldRejectBusinessSourceLicenseInControlPlane() {
        // Given
        BlueprintDoc doc =
                BlueprintDoc.minimal().withPlacement("[control-plane]").withLicense("BUSL-1.1");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.license");
            assertThat(p.line()).isEqualTo(doc.lineOf("license:"));
            assertThat(p.message())
                    .startsWith("'BUSL-1.1' is not an OSI-approved open-source license")
                    .contains("spec §11");
        });
    }

    @Test
    void shouldAllowBusinessSourceLicenseInApplication() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withLicense("BUSL-1.1");

        // When
        Blueprint blueprint = doc.accepted().blueprint();

        // Then
        assertThat(blueprint.spec().license()).isEqualTo("BUSL-1.1");
    }

    @Test
    void shouldRejectNonOpenLicenseWhenOneOfSeveralPlacementsIsControlPlane() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal()
                .withPlacement("[control-plane, application]")
                .withLicense("SSPL-1.0");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems).extracting(Problem::field).containsExactly("spec.license");
    }

    @Test
    void shouldRejectInvalidSpdxExpressionWithSuggestion() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withLicense("Apache-2");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(tuple(
                        doc.lineOf("license:"),
                        "spec.license",
                        "'Apache-2' is not an SPDX license id; did you mean 'Apache-2.0'?"));
    }

    @Test
    void shouldReportEverySemanticProblemAtOnce() {
        // Given: wrong folder name and a non-SPDX license in the same file
        BlueprintDoc doc = BlueprintDoc.minimal().withName("other").withLicense("Sovereign-1.0");

        // When
        List<Problem> problems = doc.problems();

        // Then
        assertThat(problems).extracting(Problem::field).containsExactlyInAnyOrder("metadata.name", "spec.license");
    }

    @Test
    void shouldRejectYamlProblemsBeforeLookingAtTheSchema() {
        // Given
        byte[] content = "apiVersion: [unclosed\n".getBytes(StandardCharsets.UTF_8);

        // When
        BlueprintReader.Result result = new BlueprintReader().read(BlueprintDoc.FILE, BlueprintDoc.FOLDER, content);

        // Then
        assertThat(result)
                .isInstanceOfSatisfying(BlueprintReader.Rejected.class, rejected -> assertThat(rejected.problems())
                        .singleElement()
                        .satisfies(p -> assertThat(p.message()).startsWith("invalid YAML: ")));
    }

    @Test
    void shouldReadCompositeMembersWithTheirConfig() {
        // Given
        BlueprintDoc doc = BlueprintDoc.minimal().withoutChart().openova().withSpec("""
                        composite:
                          members:
                            - blueprint: cnpg
                              config: {instances: 3}
                            - blueprint: valkey
                        """);

        // When
        Blueprint blueprint = doc.accepted().blueprint();

        // Then
        assertThat(blueprint.spec().composite()).hasValueSatisfying(c -> {
            assertThat(c.memberNames()).containsExactly("cnpg", "valkey");
            assertThat(c.members().get(0).config()).isEqualTo(Map.of("instances", 3L));
            assertThat(c.members().get(1).config()).isEmpty();
        });
    }
}
