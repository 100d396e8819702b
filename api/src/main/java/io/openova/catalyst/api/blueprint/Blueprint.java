package io.openova.catalyst.api.blueprint;

import java.util.Map;
import java.util.Objects;

/**
 * One packaged component: metadata, license, placement, resources, dependencies and the JSON Schema of its config.
 * Mirrors the {@code Blueprint} custom resource ({@code catalyst.openova.io/v1alpha1}).
 */
public record Blueprint(String name, Map<String, String> labels, BlueprintSpec spec) {
    public static final String API_VERSION = "catalyst.openova.io/v1alpha1";
    public static final String KIND = "Blueprint";

    public Blueprint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        labels = Map.copyOf(labels);
    }
}
