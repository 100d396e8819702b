package io.openova.catalyst.gitops;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.util.Objects;

/** A request an Environment repository refuses; nothing was changed. */
public abstract sealed class EnvironmentRepositoryException extends RuntimeException
        permits EnvironmentExistsException, NoSuchEnvironmentException, NoSuchCommitException, HeadMovedException {
    private final EnvironmentRef environment;

    EnvironmentRepositoryException(EnvironmentRef environment, String message) {
        super(message);
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    public EnvironmentRef environment() {
        return environment;
    }
}
