package io.openova.catalyst.gitops.gitea;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Gitea refused or failed a REST call: an I/O failure of the Environment repositories, as the port's contract has it.
 * The message names the call and what to do about it; it never contains the token or the webhook secret.
 */
public final class GiteaException extends UncheckedIOException {
    private final int status;

    GiteaException(int status, String message) {
        super(message, new IOException(message));
        this.status = status;
    }

    /** The HTTP status Gitea answered, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
