package io.openova.catalyst.catalog;

import java.util.List;
import java.util.stream.Stream;

/**
 * Every Blueprint the platform spec (platform-tech-stack, 2026-04-27) names, grouped by the section that names it.
 * The built-in catalog must hold exactly these.
 */
final class SpecComponents {
    /** §1 and §2: the Catalyst control plane, on the Sovereign's management cluster. */
    static final List<String> CONTROL_PLANE = List.of(
            // §2.1 user-facing surfaces
            "console",
            "marketplace",
            "admin",
            // §2.2 Catalyst backend services
            "projector",
            "catalog-svc",
            "provisioning",
            "environment-controller",
            "blueprint-controller",
            "billing",
            // §2.3 per-Sovereign supporting services
            "gitea",
            "nats-jetstream",
            "openbao",
            "keycloak",
            "spire-server",
            // §2.3 observability (Grafana stack) and its parts
            "observability",
            "grafana",
            "loki",
            "mimir",
            "tempo",
            "alloy");

    /** §3: per-host-cluster infrastructure, on every host cluster. */
    static final List<String> HOST_CLUSTER = List.of(
            // §3.1 networking and service mesh
            "cilium",
            "external-dns",
            "k8gb",
            "coraza",
            // §3.2 GitOps and IaC
            "flux",
            "crossplane",
            "opentofu",
            // §3.3 security and policy
            "cert-manager",
            "external-secrets",
            "kyverno",
            "trivy",
            "falco",
            "sigstore",
            "syft-grype",
            // §3.4 scaling and operations
            "vpa",
            "keda",
            "reloader",
            // §3.5 storage and registry
            "minio",
            "velero",
            "harbor",
            // §3.6 resilience
            "failover-controller");

    /** §4: Application Blueprints, inside Organizations' vclusters. */
    static final List<String> APPLICATIONS = List.of(
            // §4.1 data services
            "cnpg",
            "ferretdb",
            "valkey",
            "strimzi",
            "clickhouse",
            "opensearch",
            // §4.5 communication
            "stalwart",
            "livekit",
            "matrix",
            "stunner",
            // §4.6 AI / ML (the Cortex members)
            "milvus",
            "neo4j",
            "vllm",
            "kserve",
            "knative",
            "librechat",
            "bge",
            "llm-gateway",
            "anthropic-adapter",
            // §4.7 AI safety and observability
            "langfuse",
            "nemo-guardrails",
            // §4.3 workflow and processing
            "temporal",
            "flink",
            // §4.2 CDC
            "debezium",
            // §4.4 data lakehouse
            "iceberg",
            // §4.8 identity and metering
            "openmeter",
            // §4.9 chaos engineering
            "litmus");

    /** §5 and §10: OpenOva's own services that the composites install (Specter's agents, Fingate's APIs). */
    static final List<String> OPENOVA_SERVICES = List.of(
            "specter",
            "fingate-ext-authz",
            "fingate-aisp",
            "fingate-pisp",
            "fingate-cof",
            "fingate-consent",
            "fingate-tpp",
            "fingate-sandbox");

    /** §5: composite Blueprints (products). */
    static final List<String> COMPOSITES = List.of(
            "bp-catalyst-platform", "bp-cortex", "bp-axon", "bp-fingate", "bp-fabric", "bp-relay", "bp-specter");

    static final List<String> ALL = Stream.of(CONTROL_PLANE, HOST_CLUSTER, APPLICATIONS, OPENOVA_SERVICES, COMPOSITES)
            .flatMap(List::stream)
            .toList();

    private SpecComponents() {}
}
