package io.openova.catalyst.gitops;

import io.openova.catalyst.api.environment.EnvironmentRef;

/** The branch is no longer at the commit a writer expected: read HEAD again, recompute and retry. */
public final class HeadMovedException extends EnvironmentRepositoryException {
    private final String expectedHead;
    private final String actualHead;

    public HeadMovedException(EnvironmentRef environment, String expectedHead, String actualHead) {
        super(
                environment,
                "Environment '" + environment + "' is at commit " + actualHead + ", not " + expectedHead
                        + ": it changed meanwhile");
        this.expectedHead = expectedHead;
        this.actualHead = actualHead;
    }

    public String expectedHead() {
        return expectedHead;
    }

    public String actualHead() {
        return actualHead;
    }
}
