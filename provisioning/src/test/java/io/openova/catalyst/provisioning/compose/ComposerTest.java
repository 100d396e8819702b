package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.YamlReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComposerTest {
    private static final EnvironmentRef ENV = new EnvironmentRef("acme", "prod");

    private static Catalog builtin() {
        return Scenarios.catalog();
    }

    private static ApplicationRecord app(String name, String blueprint) {
        return ApplicationRecord.of(name, blueprint, "1.0.0");
    }

    private static ApplicationRecord app(String name, String blueprint, Map<String, Object> values, String... secrets) {
        return new ApplicationRecord(name, blueprint, "1.0.0", values, List.of(secrets), Optional.empty());
    }

    private static List<ApplicationRecord> expanded(Catalog catalog, ApplicationRecord... apps) {
        List<ApplicationRecord> out = new ArrayList<>();
        for (ApplicationRecord app : apps) {
            out.addAll(Composer.expand(catalog, app));
        }
        return out;
    }

    private static Map<String, String> text(SortedMap<String, byte[]> tree) {
        Map<String, String> out = new TreeMap<>();
        tree.forEach((path, bytes) -> out.put(path, new String(bytes, StandardCharsets.UTF_8)));
        return out;
    }

    private static JsonNode yaml(SortedMap<String, byte[]> tree, String path) throws Exception {
        assertThat(tree).containsKey(path);
        return new YamlReader().read(path, tree.get(path)).root();
    }

    @Test
    void shouldExpandACompositeIntoItselfAndOneMemberPerBlueprintPartOfIt() {
        // Given
        ApplicationRecord obs = app("obs", "observability");

        // When
        List<ApplicationRecord> records = Composer.expand(builtin(), obs);

        // Then
        assertThat(records)
                .extracting(ApplicationRecord::name)
                .containsExactly("obs", "obs-grafana", "obs-loki", "obs-mimir", "obs-tempo", "obs-alloy");
        assertThat(records.getFirst()).isEqualTo(obs);
        assertThat(records.subList(1, records.size()))
                .allSatisfy(member -> assertThat(member.partOf()).contains("obs"))
                .allSatisfy(member -> assertThat(member.secrets()).isEmpty());
        assertThat(records.get(2).blueprint()).isEqualTo("loki");
        assertThat(records.get(2).values()).isEqualTo(Map.of("deploymentMode", "SingleBinary", "retentionDays", 30L));
        assertThat(records.get(1).values()).isEmpty();
    }

    @Test
    void shouldExpandAPlainApplicationToItselfOnly() {
        // Given
        ApplicationRecord pg = app("pg", "cnpg", Map.of("instances", 5), "/superuserPassword");

        // When
        List<ApplicationRecord> records = Composer.expand(builtin(), pg);

        // Then
        assertThat(records).containsExactly(pg);
    }

    @Test
    void shouldNameMembersOfANestedCompositeAfterEveryLevel() {
        // Given
        ApplicationRecord platform = app("cp", "bp-catalyst-platform");

        // When
        List<ApplicationRecord> records = Composer.expand(builtin(), platform);

        // Then
        Map<String, ApplicationRecord> byName = new TreeMap<>();
        records.forEach(r -> byName.put(r.name(), r));
        assertThat(byName.get("cp-observability").partOf()).contains("cp");
        assertThat(byName.get("cp-observability").blueprint()).isEqualTo("observability");
        assertThat(byName.get("cp-observability-loki").partOf()).contains("cp-observability");
        assertThat(byName.get("cp-observability-loki").values()).containsEntry("retentionDays", 30L);
        assertThat(byName.get("cp-nats-jetstream").values()).isEqualTo(Map.of("replicas", 3L));
        assertThat(records.stream().map(ApplicationRecord::name).toList())
                .containsSubsequence("cp", "cp-observability", "cp-observability-grafana", "cp-admin");
    }

    @Test
    void shouldRefuseAMemberNameLongerThan63Characters() {
        // Given
        String name = "a".repeat(45);
        ApplicationRecord platform = app(name, "bp-catalyst-platform");

        // When / Then
        assertThatThrownBy(() -> Composer.expand(builtin(), platform))
                .isInstanceOf(CompositionException.class)
                .hasMessageContaining("'" + name + "-observability-grafana'")
                .hasMessageContaining("at most 63 characters");
    }

    @Test
    void shouldRefuseToExpandAVersionTheCatalogDoesNotHave() {
        // Given
        ApplicationRecord obs = ApplicationRecord.of("obs", "observability", "0.9.0");

        // When / Then
        assertThatThrownBy(() -> Composer.expand(builtin(), obs))
                .isInstanceOf(CompositionException.class)
                .hasMessageContaining("0.9.0")
                .hasMessageContaining("1.0.0");
    }

    @Test
    void shouldRefuseAVersionTheCatalogDoesNotHave() {
        // Given
        List<ApplicationRecord> apps = List.of(ApplicationRecord.of("pg", "cnpg", "2.0.0"));

        // When / Then
        assertThatThrownBy(() -> new Composer(builtin()).compose(ENV, apps))
                .isInstanceOf(CompositionException.class)
                .hasMessage("Application 'pg' is at version 2.0.0 of Blueprint 'cnpg', which the catalog no longer"
                        + " has (it has 1.0.0)");
    }

    @Test
    void shouldRefuseAnUnknownBlueprint() {
        // Given
        List<ApplicationRecord> apps = List.of(app("x", "no-such-blueprint"));

        // When / Then
        assertThatThrownBy(() -> new Composer(builtin()).compose(ENV, apps))
                .isInstanceOf(CompositionException.class)
                .hasMessageContaining("'no-such-blueprint'");
    }

    @Test
    void shouldRefuseASecretValueInValuesWithoutRepeatingIt() {
        // Given
        List<ApplicationRecord> apps = List.of(app("pg", "cnpg", Map.of("superuserPassword", "hunter2hunter2")));

        // When / Then
        assertThatThrownBy(() -> new Composer(builtin()).compose(ENV, apps))
                .isInstanceOf(CompositionException.class)
                .hasMessageContaining("/superuserPassword")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseASecretThatIsNotASecretFieldOfTheBlueprint() {
        // Given
        List<ApplicationRecord> apps = List.of(app("pg", "cnpg", Map.of(), "/instances"));

        // When / Then
        assertThatThrownBy(() -> new Composer(builtin()).compose(ENV, apps))
                .isInstanceOf(CompositionException.class)
                .hasMessageContaining("/instances")
                .hasMessageContaining("not a secret field");
    }

    @Test
    void shouldRefuseTwoApplicationsWithOneName() {
        // Given
        List<ApplicationRecord> apps = List.of(app("db", "cnpg"), app("db", "valkey"));

        // When / Then
        assertThatThrownBy(() -> new Composer(builtin()).compose(ENV, apps))
                .isInstanceOf(CompositionException.class)
                .hasMessage("two Applications are named 'db'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "flux-system", "kube-system", "kube-public"})
    void shouldRefuseANameThatIsANamespaceOfKubernetesOrFlux(String name) {
        // Given
        List<ApplicationRecord> apps = List.of(app(name, "cnpg"));

        // When / Then
        assertThatThrownBy(() -> new Composer(builtin()).compose(ENV, apps))
                .isInstanceOf(CompositionException.class)
                .hasMessageContaining("'" + name + "' is reserved");
    }

    @Test
    void shouldRefuseAMemberWhoseCompositeIsNotInstalled() {
        // Given
        ApplicationRecord orphan =
                new ApplicationRecord("obs-loki", "loki", "1.0.0", Map.of(), List.of(), Optional.of("obs"));

        // When / Then
        assertThatThrownBy(() -> new Composer(builtin()).compose(ENV, List.of(orphan)))
                .isInstanceOf(CompositionException.class)
                .hasMessageContaining("'obs-loki' is part of 'obs'");
    }

    @Test
    void shouldComposeByteIdenticalTreesForTheSameApplicationsInAnyOrder() {
        // Given
        List<ApplicationRecord> apps = expanded(
                builtin(),
                app("obs", "observability"),
                app("minio", "minio", Map.of("servers", 4), "/rootPassword"),
                app("temporal", "temporal"),
                app("pg", "cnpg", Map.of("instances", 5), "/superuserPassword"),
                app("chat", "librechat", Map.of(), "/mongoUri"));
        Composer composer = new Composer(builtin());

        // When
        SortedMap<String, byte[]> first = composer.compose(ENV, apps);
        SortedMap<String, byte[]> again = composer.compose(ENV, apps);
        SortedMap<String, byte[]> reversed = composer.compose(ENV, apps.reversed());

        // Then
        assertThat(text(again)).isEqualTo(text(first));
        assertThat(text(reversed)).isEqualTo(text(first));
        first.forEach((path, bytes) -> {
            assertThat(again.get(path)).as(path).isEqualTo(bytes);
            assertThat(reversed.get(path)).as(path).isEqualTo(bytes);
        });
    }

    @Test
    void shouldComposeTheSameTreeFromTheRecordsItWrote() {
        // Given
        List<ApplicationRecord> apps = expanded(
                builtin(),
                app("obs", "observability"),
                app("minio", "minio", Map.of("buckets", List.of("loki")), "/rootPassword"));
        Composer composer = new Composer(builtin());
        SortedMap<String, byte[]> tree = composer.compose(ENV, apps);

        // When
        List<ApplicationRecord> read = new ArrayList<>();
        tree.forEach((path, bytes) -> {
            if (path.startsWith(ApplicationRecords.FOLDER + "/")) {
                read.add(ApplicationRecords.read(path, bytes));
            }
        });

        // Then
        assertThat(read).containsExactlyInAnyOrderElementsOf(apps);
        assertThat(text(composer.compose(ENV, read))).isEqualTo(text(tree));
    }

    @Test
    void shouldWriteOnlyTheRecordOfACompositeApplication() {
        // Given
        List<ApplicationRecord> apps = expanded(builtin(), app("obs", "observability"));

        // When
        SortedMap<String, byte[]> tree = new Composer(builtin()).compose(ENV, apps);

        // Then
        assertThat(tree).containsKey(".catalyst/applications/obs.yaml");
        assertThat(tree.keySet())
                .noneMatch(p -> p.startsWith("dependencies/obs/") || p.startsWith("resources/obs/"))
                .contains("resources/obs-loki/helmrelease.yaml");
    }

    @Test
    void shouldMakeADependentWaitForEveryMemberOfAnInstalledComposite() throws Exception {
        // Given
        Catalog fixtures = FixtureCatalog.catalog();
        List<ApplicationRecord> apps =
                expanded(fixtures, app("c", "consumer"), app("p", "pair"), app("db2", "db"), app("s", "stack"));

        // When
        SortedMap<String, byte[]> tree = new Composer(fixtures).compose(ENV, apps);

        // Then
        JsonNode dependsOn =
                yaml(tree, "resources/c/helmrelease.yaml").path("spec").path("dependsOn");
        List<String> names = new ArrayList<>();
        dependsOn.forEach(d ->
                names.add(d.path("name").asText() + "/" + d.path("namespace").asText()));
        assertThat(names)
                .containsExactly(
                        "db2/db2", "p-cache/p-cache", "p-db/p-db", "s-pair-cache/s-pair-cache", "s-pair-db/s-pair-db");
        assertThat(yaml(tree, "resources/s-pair-db/helmrelease.yaml")
                        .path("spec")
                        .has("dependsOn"))
                .isFalse();
        assertThat(yaml(tree, ".catalyst/applications/s-pair-db.yaml")
                        .path("spec")
                        .path("partOf")
                        .asText())
                .isEqualTo("s-pair");
    }

    @Test
    void shouldPassASecretInsideAListAtItsHelmIndexPath() throws Exception {
        // Given
        Catalog fixtures = FixtureCatalog.catalog();
        Map<String, Object> values = Map.of("users", List.of(Map.of("name", "app")));
        List<ApplicationRecord> apps = List.of(app("db", "db", values, "/users/0/token", "/password"));

        // When
        SortedMap<String, byte[]> tree = new Composer(fixtures).compose(ENV, apps);

        // Then
        JsonNode valuesFrom =
                yaml(tree, "resources/db/helmrelease.yaml").path("spec").path("valuesFrom");
        assertThat(valuesFrom.get(1).path("valuesKey").asText()).isEqualTo("users.0.token");
        assertThat(valuesFrom.get(1).path("targetPath").asText()).isEqualTo("users[0].token");
        JsonNode data =
                yaml(tree, "resources/db/externalsecret.yaml").path("spec").path("data");
        assertThat(data.get(1).path("remoteRef").path("key").asText()).isEqualTo("acme/prod/db");
        assertThat(data.get(1).path("remoteRef").path("property").asText()).isEqualTo("users.0.token");
    }

    @Test
    void shouldRefuseASecretValueInsideAList() {
        // Given
        Catalog fixtures = FixtureCatalog.catalog();
        Map<String, Object> values = Map.of("users", List.of(Map.of("name", "app", "token", "s3cr3t")));
        List<ApplicationRecord> apps = List.of(app("db", "db", values));

        // When / Then
        assertThatThrownBy(() -> new Composer(fixtures).compose(ENV, apps))
                .isInstanceOf(CompositionException.class)
                .hasMessageContaining("/users/0/token")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void shouldPullAnOciChartFromTheRepositoryFolderOfTheChart() throws Exception {
        // Given
        Catalog fixtures = FixtureCatalog.catalog();

        // When
        SortedMap<String, byte[]> tree = new Composer(fixtures).compose(ENV, List.of(app("cache", "cache")));

        // Then
        JsonNode source = yaml(tree, "dependencies/cache/source.yaml");
        assertThat(source.path("kind").asText()).isEqualTo("OCIRepository");
        assertThat(source.path("spec").path("url").asText()).isEqualTo("oci://registry.example.com/charts/cache");
        assertThat(source.path("spec").path("ref").path("tag").asText()).isEqualTo("v2.0.0");
        JsonNode chartRef =
                yaml(tree, "resources/cache/helmrelease.yaml").path("spec").path("chartRef");
        assertThat(chartRef.path("kind").asText()).isEqualTo("OCIRepository");
        assertThat(chartRef.path("name").asText()).isEqualTo("cache");
    }

    @Test
    void shouldBuildHelmValuesFromTheValuesTemplateOfTheBlueprint() throws Exception {
        // Given
        Catalog fixtures = FixtureCatalog.catalog();
        List<ApplicationRecord> apps = List.of(app("op", "operator", Map.of("replicas", 3), "/apiKey"));

        // When
        SortedMap<String, byte[]> tree = new Composer(fixtures).compose(ENV, apps);

        // Then
        JsonNode spec = yaml(tree, "resources/op/helmrelease.yaml").path("spec");
        assertThat(spec.path("values").toString())
                .isEqualTo("{\"operator\":{\"image\":{},\"logLevel\":\"info\",\"replicaCount\":3},"
                        + "\"watchNamespace\":\"op\"}");
        assertThat(spec.path("valuesFrom").get(0).path("targetPath").asText()).isEqualTo("apiKey");
    }

    @Test
    void shouldWriteTheRenderedManifestsBesideTheHelmReleaseInTheApplicationNamespace() throws Exception {
        // Given
        Catalog fixtures = FixtureCatalog.catalog();
        List<ApplicationRecord> apps = List.of(app("op", "operator", Map.of("size", "50Gi")));

        // When
        SortedMap<String, byte[]> tree = new Composer(fixtures).compose(ENV, apps);

        // Then
        JsonNode kustomization = yaml(tree, "manifests/op/kustomization.yaml");
        assertThat(kustomization.path("namespace").asText()).isEqualTo("op");
        assertThat(kustomization.path("resources").toString()).isEqualTo("[\"instance-op-main.yaml\"]");
        assertThat(yaml(tree, "resources/op/kustomization.yaml")
                        .path("resources")
                        .toString())
                .isEqualTo("[\"helmrelease.yaml\"]");
        assertThat(yaml(tree, "manifests/kustomization.yaml").path("resources").toString())
                .isEqualTo("[\"op\"]");
        JsonNode instance = yaml(tree, "manifests/op/instance-op-main.yaml");
        assertThat(instance.path("spec").toString())
                .isEqualTo("{\"owner\":\"acme/prod\",\"size\":\"50Gi\",\"version\":\"1.0.0\"}");
        assertThat(instance.path("metadata").path("labels").path("tier").asText())
                .isEqualTo("data");
        assertThat(instance.path("metadata")
                        .path("labels")
                        .path("catalyst.openova.io/application")
                        .asText())
                .isEqualTo("op");
        assertThat(instance.path("metadata").has("namespace")).isFalse();
    }

    @Test
    void shouldComposeABlueprintWithoutAChartFromItsManifestsAlone() throws Exception {
        // Given
        Catalog fixtures = FixtureCatalog.catalog();
        List<ApplicationRecord> apps =
                List.of(app("db", "db"), app("web", "web", Map.of("replicas", 2), "/token"), app("c", "consumer"));

        // When
        SortedMap<String, byte[]> tree = new Composer(fixtures).compose(ENV, apps);

        // Then
        assertThat(tree).containsKeys("dependencies/web/namespace.yaml", "resources/web/externalsecret.yaml");
        assertThat(tree).doesNotContainKeys("dependencies/web/source.yaml", "resources/web/helmrelease.yaml");
        assertThat(yaml(tree, "dependencies/web/kustomization.yaml")
                        .path("resources")
                        .toString())
                .isEqualTo("[\"namespace.yaml\"]");
        assertThat(yaml(tree, "resources/web/kustomization.yaml")
                        .path("resources")
                        .toString())
                .isEqualTo("[\"externalsecret.yaml\"]");
        assertThat(yaml(tree, "manifests/web/kustomization.yaml")
                        .path("resources")
                        .toString())
                .isEqualTo("[\"deployment-web.yaml\"]");
        JsonNode container = yaml(tree, "manifests/web/deployment-web.yaml")
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
        assertThat(container.path("image").asText()).isEqualTo("example.org/web:1.0.0");
        assertThat(container.path("args").toString()).isEqualTo("[\"--literal=${app}\"]");
        assertThat(container.at("/env/0/valueFrom/secretKeyRef/name").asText()).isEqualTo("web-secrets");
        assertThat(yaml(tree, "manifests/web/deployment-web.yaml")
                        .at("/spec/replicas")
                        .asInt())
                .isEqualTo(2);
        assertThat(text(tree).get("resources/kustomization.yaml")).contains("- web");
        assertThat(text(tree).get("manifests/kustomization.yaml")).contains("- web");
        assertThat(text(tree).get("flux/manifests.yaml")).contains("catalyst-manifests", "./manifests");
    }
}
