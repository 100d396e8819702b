package io.openova.catalyst.gitops;

import io.openova.catalyst.api.environment.EnvironmentRef;

/** The commit is not in the history of the Environment's branch. */
public final class NoSuchCommitException extends EnvironmentRepositoryException {
    private final String commitId;

    public NoSuchCommitException(EnvironmentRef environment, String commitId) {
        super(environment, "Environment '" + environment + "' has no commit '" + commitId + "'");
        this.commitId = commitId;
    }

    public String commitId() {
        return commitId;
    }
}
