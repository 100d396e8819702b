package io.openova.catalyst.api.blueprint;

import java.util.Objects;

/**
 * A pinned Helm chart: an HTTPS Helm repository or an {@code oci://} reference, the chart name and its version.
 */
public record ChartRef(String repository, String name, String version) {
    public ChartRef {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public boolean isOci() {
        return repository.startsWith("oci://");
    }
}
