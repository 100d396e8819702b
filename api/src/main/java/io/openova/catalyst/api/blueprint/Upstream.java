package io.openova.catalyst.api.blueprint;

import java.util.Objects;
import java.util.Optional;

/** The open-source project a Blueprint packages. */
public record Upstream(String project, String url, Optional<String> docs) {
    public Upstream {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(docs, "docs");
    }
}
