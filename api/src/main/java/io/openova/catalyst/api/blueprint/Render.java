package io.openova.catalyst.api.blueprint;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Blueprint renders to besides its chart reference, as templates (docs/blueprints.md, "Rendering"):
 * {@code values}, the chart's Helm values built from the Application's config, and {@code manifests}, Kubernetes
 * objects written into the Application's folder (the whole workload of a Blueprint without a chart, or companions
 * of one with a chart, e.g. a CloudNativePG {@code Cluster} beside the operator).
 */
public record Render(Optional<Map<String, Object>> values, List<Map<String, Object>> manifests) {
    public Render {
        Objects.requireNonNull(values, "values");
        values = values.map(JsonValues::immutableObject);
        manifests = manifests.stream().map(JsonValues::immutableObject).toList();
    }
}
