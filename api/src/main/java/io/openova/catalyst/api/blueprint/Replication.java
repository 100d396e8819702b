package io.openova.catalyst.api.blueprint;

import java.util.Objects;
import java.util.Optional;

/** How a component replicates across regions (spec §4.1 and "Multi-Region Data Flow"). */
public record Replication(String method, Optional<String> description) {
    public Replication {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(description, "description");
    }
}
