package io.openova.catalyst.projector;

import io.openova.catalyst.api.environment.Names;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One Application of an Environment as the read model shows it.
 *
 * @param name the Application's name
 * @param blueprint its Blueprint, once validated or committed
 * @param version the Blueprint version, once validated or committed
 * @param phase where it stands
 * @param lastOperationId the last operation that touched it (Flux reports are not operations)
 * @param lastAction that operation's action: install, reconfigure, upgrade...
 * @param commitId the Environment commit holding its current desired state; empty until first committed
 * @param conditions {@code Accepted} and {@code Ready}, sorted by type
 * @param createdAt when it entered the read model
 * @param updatedAt the time of the last event that changed it
 */
public record ApplicationView(
        String name,
        Optional<String> blueprint,
        Optional<String> version,
        ApplicationPhase phase,
        String lastOperationId,
        String lastAction,
        Optional<String> commitId,
        List<Condition> conditions,
        Instant createdAt,
        Instant updatedAt) {

    public ApplicationView {
        Names.require("application", name);
        Objects.requireNonNull(blueprint, "blueprint");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(lastOperationId, "lastOperationId");
        Objects.requireNonNull(lastAction, "lastAction");
        Objects.requireNonNull(commitId, "commitId");
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The condition of {@code type}, if set. */
    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** Whether the Application ever reached Git: Flux reports about it are meaningful only then. */
    public boolean isCommitted() {
        return commitId.isPresent();
    }
}
