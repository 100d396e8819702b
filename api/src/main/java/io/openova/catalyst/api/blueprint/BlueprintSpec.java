package io.openova.catalyst.api.blueprint;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Everything a Blueprint declares; see docs/blueprints.md for each field. */
public record BlueprintSpec(
        String displayName,
        String summary,
        Optional<String> description,
        String version,
        Category category,
        Set<Placement> placement,
        boolean tenantReachable,
        boolean bootstrapOnly,
        String license,
        Provenance provenance,
        Optional<Upstream> upstream,
        Optional<ChartRef> chart,
        Optional<Render> render,
        Optional<ResourceEstimate> resources,
        Optional<Replication> replication,
        List<String> dependsOn,
        Optional<Composite> composite,
        Map<String, Object> configSchema,
        List<String> keywords) {

    public BlueprintSpec {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(render, "render");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(composite, "composite");
        if (placement.isEmpty()) {
            throw new IllegalArgumentException("placement needs at least one value");
        }
        placement = Set.copyOf(EnumSet.copyOf(placement));
        dependsOn = List.copyOf(dependsOn);
        configSchema = JsonValues.immutableObject(configSchema);
        keywords = List.copyOf(keywords);
    }

    public boolean isComposite() {
        return composite.isPresent();
    }

    /** Placements in their declared enum order, for stable output. */
    public List<Placement> placements() {
        return EnumSet.copyOf(placement).stream().toList();
    }
}
