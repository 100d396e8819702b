package io.openova.catalyst.api.blueprint;

import java.util.Objects;
import java.util.Optional;

/**
 * What one installation of a Blueprint needs, per replica, and where the figure comes from.
 *
 * @param scope whether the figure counts once per install, once per node (agents) or once per Organization
 */
public record ResourceEstimate(
        int replicas, Optional<String> cpu, String memory, Optional<Gpu> gpu, Scope scope, Optional<String> source) {

    public enum Scope {
        PER_INSTALL("per-install"),
        PER_NODE("per-node"),
        PER_ORGANIZATION("per-organization");

        private final String id;

        Scope(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Optional<Scope> fromId(String id) {
            for (Scope scope : values()) {
                if (scope.id.equals(id)) {
                    return Optional.of(scope);
                }
            }
            return Optional.empty();
        }
    }

    public ResourceEstimate {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(source, "source");
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be at least 1, got " + replicas);
        }
        Quantities.parseBytes(memory);
        cpu.ifPresent(Quantities::parseMilliCpu);
    }

    /** Memory of all replicas together, in bytes. */
    public long totalMemoryBytes() {
        return Quantities.parseBytes(memory) * replicas;
    }

    /** CPU of all replicas together, in millicores; zero when no figure is given. */
    public long totalMilliCpu() {
        return cpu.map(Quantities::parseMilliCpu).orElse(0L) * replicas;
    }
}
