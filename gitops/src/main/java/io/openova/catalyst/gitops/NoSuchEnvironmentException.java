package io.openova.catalyst.gitops;

import io.openova.catalyst.api.environment.EnvironmentRef;

/** The Environment has no repository. */
public final class NoSuchEnvironmentException extends EnvironmentRepositoryException {
    public NoSuchEnvironmentException(EnvironmentRef environment) {
        super(environment, "Environment '" + environment + "' has no repository");
    }
}
