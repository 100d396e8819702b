package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.Category;
import io.openova.catalyst.api.blueprint.CompositeMember;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.blueprint.Provenance;
import io.openova.catalyst.api.blueprint.Quantities;
import io.openova.catalyst.api.blueprint.ResourceEstimate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The facts of the platform spec (platform-tech-stack 2026-04-27 and, for the Cortex sizes, 2026-02-26), checked on the
 * built-in catalog.
 */
class SpecCatalogTest {

    private static Blueprint blueprint(String name) {
        return BuiltInBlueprints.get(name);
    }

    private static List<String> members(String composite) {
        return blueprint(composite).spec().composite().orElseThrow().memberNames();
    }

    @Test
    void shouldNameEveryComponentOfTheSpecOnce() {
        // Given
        List<String> all = SpecComponents.ALL;

        // When
        Set<String> distinct = Set.copyOf(all);

        // Then
        assertThat(distinct).hasSameSizeAs(all);
        // §1-§2: 20 control plane, §3: 21 host cluster, §4: 27 applications, 8 OpenOva services, §5: 7 composites
        assertThat(SpecComponents.CONTROL_PLANE).hasSize(20);
        assertThat(SpecComponents.HOST_CLUSTER).hasSize(21);
        assertThat(SpecComponents.APPLICATIONS).hasSize(27);
        assertThat(SpecComponents.OPENOVA_SERVICES).hasSize(8);
        assertThat(SpecComponents.COMPOSITES).hasSize(7);
        assertThat(all).hasSize(83);
    }

    @Test
    void shouldHaveOneBlueprintFolderPerSpecComponentAndNoOther() throws IOException {
        // Given
        Path root = BuiltInBlueprints.ROOT;

        // When
        List<String> folders;
        try (Stream<Path> entries = Files.list(root)) {
            folders = entries.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .toList();
        }

        // Then
        assertThat(folders).containsExactlyInAnyOrderElementsOf(SpecComponents.ALL);
    }

    @Test
    void shouldLoadEverySpecComponentAndNothingElse() {
        // Given
        Catalog catalog = BuiltInBlueprints.catalog();

        // When
        List<String> names = catalog.all().stream().map(Blueprint::name).toList();

        // Then
        assertThat(BuiltInBlueprints.result().problems())
                .extracting(Problem::format)
                .isEmpty();
        assertThat(names).containsExactlyInAnyOrderElementsOf(SpecComponents.ALL);
    }

    @Test
    void shouldPlaceControlPlaneComponentsOnTheControlPlaneWithKeycloakAlsoAnApplication() {
        // Given
        List<String> controlPlane = SpecComponents.CONTROL_PLANE;

        // When / Then
        for (String name : controlPlane) {
            Set<Placement> expected = name.equals("keycloak")
                    ? EnumSet.of(Placement.CONTROL_PLANE, Placement.APPLICATION)
                    : EnumSet.of(Placement.CONTROL_PLANE);
            assertThat(blueprint(name).spec().placement()).as(name).isEqualTo(expected);
        }
    }

    @Test
    void shouldPlaceHostClusterComponentsOnHostClustersWithMinioAlsoAnApplication() {
        // Given
        List<String> hostCluster = SpecComponents.HOST_CLUSTER;

        // When / Then
        for (String name : hostCluster) {
            Set<Placement> expected = name.equals("minio")
                    ? EnumSet.of(Placement.HOST_CLUSTER, Placement.APPLICATION)
                    : EnumSet.of(Placement.HOST_CLUSTER);
            assertThat(blueprint(name).spec().placement()).as(name).isEqualTo(expected);
        }
    }

    @Test
    void shouldPlaceApplicationBlueprintsAndOpenOvaServicesOnlyInOrganizations() {
        // Given
        List<String> applications = Stream.concat(
                        SpecComponents.APPLICATIONS.stream(), SpecComponents.OPENOVA_SERVICES.stream())
                .toList();

        // When / Then
        for (String name : applications) {
            assertThat(blueprint(name).spec().placement()).as(name).containsExactly(Placement.APPLICATION);
        }
    }

    @Test
    void shouldPlaceCatalystPlatformOnControlPlaneAndProductsInOrganizations() {
        // Given
        List<String> products = SpecComponents.COMPOSITES.stream()
                .filter(n -> !n.equals("bp-catalyst-platform"))
                .toList();

        // When / Then
        assertThat(blueprint("bp-catalyst-platform").spec().placement()).containsExactly(Placement.CONTROL_PLANE);
        for (String name : products) {
            assertThat(blueprint(name).spec().placement()).as(name).containsExactly(Placement.APPLICATION);
            assertThat(blueprint(name).spec().isComposite()).as(name).isTrue();
        }
    }

    @Test
    void shouldComposeCatalystPlatformOfTheControlPlaneServices() {
        // Given
        List<String> expected = List.of(
                "console",
                "marketplace",
                "admin",
                "projector",
                "catalog-svc",
                "provisioning",
                "environment-controller",
                "blueprint-controller",
                "billing",
                "gitea",
                "nats-jetstream",
                "openbao",
                "keycloak",
                "spire-server",
                "observability");

        // When
        List<String> members = members("bp-catalyst-platform");

        // Then
        assertThat(members).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldComposeObservabilityOfTheGrafanaStack() {
        // Given
        String observability = "observability";

        // When
        List<String> members = members(observability);

        // Then
        assertThat(members).containsExactlyInAnyOrder("grafana", "loki", "mimir", "tempo", "alloy");
    }

    @Test
    void shouldKeepOpenBaoMplLicensedOnTheControlPlaneAndReachableByOrganizations() {
        // Given
        Blueprint openbao = blueprint("openbao");

        // When / Then
        assertThat(openbao.spec().license()).isEqualTo("MPL-2.0");
        assertThat(openbao.spec().placement()).containsExactly(Placement.CONTROL_PLANE);
        assertThat(openbao.spec().tenantReachable()).isTrue();
    }

    @Test
    void shouldCarryTheLicensesOfSection11() {
        // Given
        Map<String, String> licenses = Map.of(
                "openbao", "MPL-2.0",
                "nats-jetstream", "Apache-2.0",
                "cilium", "Apache-2.0",
                "flux", "Apache-2.0",
                "crossplane", "Apache-2.0",
                "gitea", "MIT",
                "keycloak", "Apache-2.0",
                "cert-manager", "Apache-2.0",
                "external-secrets", "Apache-2.0",
                "opentofu", "MPL-2.0");

        // When / Then
        licenses.forEach((name, license) ->
                assertThat(blueprint(name).spec().license()).as(name).isEqualTo(license));
        assertThat(blueprint("opensearch").spec().license()).isEqualTo("Apache-2.0");
        assertThat(blueprint("valkey").spec().license()).isEqualTo("BSD-3-Clause");
        assertThat(blueprint("cnpg").spec().license()).isEqualTo("Apache-2.0");
        assertThat(blueprint("strimzi").spec().license()).isEqualTo("Apache-2.0");
        assertThat(blueprint("ferretdb").spec().license()).isEqualTo("Apache-2.0");
        assertThat(blueprint("vllm").spec().license()).isEqualTo("Apache-2.0");
    }

    @Test
    void shouldMarkOpenTofuBootstrapOnlyWithoutChart() {
        // Given
        Blueprint opentofu = blueprint("opentofu");

        // When / Then
        assertThat(opentofu.spec().bootstrapOnly()).isTrue();
        assertThat(opentofu.spec().chart()).isEmpty();
        assertThat(opentofu.spec().license()).isEqualTo("MPL-2.0");
        assertThat(BuiltInBlueprints.catalog().all())
                .filteredOn(b -> b.spec().bootstrapOnly())
                .extracting(Blueprint::name)
                .containsExactly("opentofu");
    }

    @Test
    void shouldReplicateDataServicesAsSection41Says() {
        // Given
        Map<String, String> methods = Map.of(
                "cnpg", "WAL streaming",
                "ferretdb", "CNPG WAL streaming",
                "strimzi", "MirrorMaker2",
                "valkey", "REPLICAOF",
                "clickhouse", "ReplicatedMergeTree",
                "opensearch", "cross-cluster replication");

        // When / Then
        methods.forEach((name, method) -> assertThat(blueprint(name).spec().replication())
                .as(name)
                .hasValueSatisfying(r -> assertThat(r.method()).containsIgnoringCase(method)));
    }

    @Test
    void shouldReplicateOpenBaoAsynchronouslyAcrossRegions() {
        // Given
        Blueprint openbao = blueprint("openbao");

        // When / Then
        assertThat(openbao.spec().replication())
                .hasValueSatisfying(r -> assertThat(r.method()).containsIgnoringCase("async"));
    }

    @Test
    void shouldComposeCortexOfExactlyTheSpecMembers() {
        // Given
        String cortex = "bp-cortex";

        // When
        List<String> members = members(cortex);

        // Then
        assertThat(members)
                .containsExactlyInAnyOrder(
                        "kserve",
                        "knative",
                        "vllm",
                        "milvus",
                        "neo4j",
                        "librechat",
                        "bge",
                        "llm-gateway",
                        "anthropic-adapter",
                        "nemo-guardrails",
                        "langfuse");
    }

    @Test
    void shouldComposeFabricOfExactlyTheSpecMembers() {
        // Given
        String fabric = "bp-fabric";

        // When
        List<String> members = members(fabric);

        // Then
        assertThat(members)
                .containsExactlyInAnyOrder(
                        "strimzi", "flink", "temporal", "debezium", "iceberg", "clickhouse", "minio");
    }

    @Test
    void shouldComposeRelayOfExactlyTheSpecMembers() {
        // Given
        String relay = "bp-relay";

        // When
        List<String> members = members(relay);

        // Then
        assertThat(members).containsExactlyInAnyOrder("stalwart", "livekit", "stunner", "matrix");
    }

    @Test
    void shouldComposeFingateOfFapiKeycloakMeteringExtAuthzAndTheBankingServices() {
        // Given
        List<CompositeMember> members =
                blueprint("bp-fingate").spec().composite().orElseThrow().members();

        // When
        List<String> names = members.stream().map(CompositeMember::blueprint).toList();

        // Then
        assertThat(names)
                .contains(
                        "keycloak",
                        "openmeter",
                        "fingate-ext-authz",
                        "fingate-aisp",
                        "fingate-pisp",
                        "fingate-cof",
                        "fingate-consent",
                        "fingate-tpp",
                        "fingate-sandbox");
        assertThat(members)
                .filteredOn(m -> m.blueprint().equals("keycloak"))
                .singleElement()
                .satisfies(m -> assertThat(m.config()).containsEntry("fapi", true));
    }

    @Test
    void shouldComposeSpecterAndAxonAroundOpenOvaServices() {
        // Given / When
        List<String> specter = members("bp-specter");
        List<String> axon = members("bp-axon");

        // Then
        assertThat(specter).contains("specter", "opensearch");
        assertThat(axon).contains("llm-gateway");
    }

    @Test
    void shouldShipOpenOvaSoftwareWithoutUpstreamOrChart() {
        // Given
        List<String> own = Stream.of(
                        List.of("failover-controller", "llm-gateway", "anthropic-adapter"),
                        SpecComponents.OPENOVA_SERVICES,
                        List.of(
                                "console",
                                "marketplace",
                                "admin",
                                "projector",
                                "catalog-svc",
                                "provisioning",
                                "environment-controller",
                                "blueprint-controller",
                                "billing"),
                        SpecComponents.COMPOSITES)
                .flatMap(List::stream)
                .toList();

        // When / Then
        for (String name : own) {
            Blueprint b = blueprint(name);
            assertThat(b.spec().provenance()).as(name).isEqualTo(Provenance.OPENOVA);
            assertThat(b.spec().upstream()).as(name).isEmpty();
            assertThat(b.spec().chart()).as(name).isEmpty();
        }
    }

    @Test
    void shouldPinTheChartVersionOfEveryUpstreamComponent() {
        // Given
        List<Blueprint> upstreamWithChart = BuiltInBlueprints.catalog().all().stream()
                .filter(b -> b.spec().provenance() == Provenance.UPSTREAM)
                .filter(b -> !b.spec().isComposite() && !b.spec().bootstrapOnly())
                .filter(b -> b.spec().chart().isPresent())
                .toList();

        // When / Then
        assertThat(upstreamWithChart).hasSizeGreaterThan(40);
        for (Blueprint b : upstreamWithChart) {
            assertThat(b.spec().chart().orElseThrow().version())
                    .as(b.name())
                    .matches("v?[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]+)?");
            assertThat(b.spec().upstream()).as(b.name()).isPresent();
        }
    }

    @Test
    void shouldSizeVllmAsTheCortexResourceTable() {
        // Given
        ResourceEstimate vllm = blueprint("vllm").spec().resources().orElseThrow();

        // When / Then
        assertThat(vllm.replicas()).isEqualTo(1);
        assertThat(vllm.cpu().map(Quantities::parseMilliCpu)).contains(4000L);
        assertThat(Quantities.parseBytes(vllm.memory())).isEqualTo(32L << 30);
        assertThat(vllm.gpu()).hasValueSatisfying(gpu -> {
            assertThat(gpu.count()).isEqualTo(2);
            assertThat(gpu.model()).containsIgnoringCase("a10");
        });
    }

    @Test
    void shouldSizeMilvusAsTheCortexResourceTable() {
        // Given
        ResourceEstimate milvus = blueprint("milvus").spec().resources().orElseThrow();

        // When / Then
        assertThat(milvus.replicas()).isEqualTo(3);
        assertThat(milvus.cpu().map(Quantities::parseMilliCpu)).contains(2000L);
        assertThat(Quantities.parseBytes(milvus.memory())).isEqualTo(8L << 30);
        assertThat(milvus.gpu()).isEmpty();
    }

    @Test
    void shouldBundleOnlyOpenSourceLicensesInTheControlPlane() throws Exception {
        // Given
        List<Blueprint> controlPlane = BuiltInBlueprints.catalog().all().stream()
                .filter(b -> b.spec().placement().contains(Placement.CONTROL_PLANE))
                .toList();

        // When / Then
        assertThat(controlPlane).hasSizeGreaterThanOrEqualTo(SpecComponents.CONTROL_PLANE.size());
        for (Blueprint b : controlPlane) {
            assertThat(Licenses.parse(b.spec().license()).openSource())
                    .as("%s (%s)", b.name(), b.spec().license())
                    .isTrue();
        }
    }

    @Test
    void shouldFileEveryComponentUnderTheCategoryOfItsSpecSection() {
        // Given
        Map<Category, List<String>> sections = Map.ofEntries(
                // §2.1, §2.2
                Map.entry(
                        Category.CATALYST,
                        List.of(
                                "console",
                                "marketplace",
                                "admin",
                                "projector",
                                "catalog-svc",
                                "provisioning",
                                "environment-controller",
                                "blueprint-controller",
                                "billing")),
                // §2.3
                Map.entry(Category.IDENTITY, List.of("keycloak")),
                Map.entry(Category.MESSAGING, List.of("nats-jetstream")),
                Map.entry(
                        Category.OBSERVABILITY, List.of("observability", "grafana", "loki", "mimir", "tempo", "alloy")),
                // §3.1
                Map.entry(Category.NETWORKING, List.of("cilium", "external-dns", "k8gb", "coraza")),
                // §3.2 (and Gitea, the Sovereign's Git server)
                Map.entry(Category.GITOPS, List.of("flux", "crossplane", "opentofu", "gitea")),
                // §3.3 (and the secret store and workload identity of §2.3)
                Map.entry(
                        Category.SECURITY,
                        List.of(
                                "cert-manager",
                                "external-secrets",
                                "trivy",
                                "falco",
                                "sigstore",
                                "syft-grype",
                                "openbao",
                                "spire-server")),
                Map.entry(Category.POLICY, List.of("kyverno")),
                // §3.4
                Map.entry(Category.SCALING, List.of("vpa", "keda")),
                Map.entry(Category.OPERATIONS, List.of("reloader")),
                // §3.5
                Map.entry(Category.STORAGE, List.of("minio", "velero")),
                Map.entry(Category.REGISTRY, List.of("harbor")),
                // §3.6
                Map.entry(Category.RESILIENCE, List.of("failover-controller")),
                // §4.1
                Map.entry(
                        Category.DATA_SERVICES,
                        List.of("cnpg", "ferretdb", "strimzi", "valkey", "clickhouse", "opensearch")),
                // §4.2
                Map.entry(Category.CDC, List.of("debezium")),
                // §4.3
                Map.entry(Category.WORKFLOW, List.of("temporal", "flink")),
                // §4.4
                Map.entry(Category.LAKEHOUSE, List.of("iceberg")),
                // §4.5
                Map.entry(Category.COMMUNICATION, List.of("stalwart", "stunner", "livekit", "matrix")),
                // §4.6
                Map.entry(
                        Category.AI_ML,
                        List.of(
                                "vllm",
                                "kserve",
                                "knative",
                                "milvus",
                                "neo4j",
                                "bge",
                                "llm-gateway",
                                "anthropic-adapter",
                                "librechat")),
                // §4.7
                Map.entry(Category.AI_SAFETY, List.of("nemo-guardrails", "langfuse")),
                // §4.8
                Map.entry(Category.IDENTITY_METERING, List.of("openmeter")),
                // §4.9
                Map.entry(Category.CHAOS, List.of("litmus")));

        // When / Then
        sections.forEach((category, names) -> {
            for (String name : names) {
                assertThat(blueprint(name).spec().category()).as(name).isEqualTo(category);
            }
        });
    }
}
