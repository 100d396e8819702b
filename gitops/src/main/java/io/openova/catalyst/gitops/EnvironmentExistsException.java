package io.openova.catalyst.gitops;

import io.openova.catalyst.api.environment.EnvironmentRef;

/** The repository of the Environment exists already. */
public final class EnvironmentExistsException extends EnvironmentRepositoryException {
    public EnvironmentExistsException(EnvironmentRef environment) {
        super(environment, "Environment '" + environment + "' already has a repository");
    }
}
