package io.openova.catalyst.api.event;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What every event carries: where it happened, the operation it belongs to, the commit it is about where there is
 * one, and when (from an injected clock, never the wall clock of whoever reads it).
 *
 * @param environment the Organization and Environment
 * @param operationId the operation (one API request, or one Flux notification for status events); never empty
 * @param commitId the Environment repository commit, when the event is about one
 * @param at when the fact happened
 */
public record EventMeta(EnvironmentRef environment, String operationId, Optional<String> commitId, Instant at) {
    public EventMeta {
        Objects.requireNonNull(environment, "environment");
        if (operationId == null || operationId.isBlank()) {
            throw new IllegalArgumentException("operationId must not be empty");
        }
        Objects.requireNonNull(commitId, "commitId");
        Objects.requireNonNull(at, "at");
    }

    public String org() {
        return environment.org();
    }

    public String env() {
        return environment.env();
    }
}
