package io.openova.catalyst.projector;

import io.openova.catalyst.api.environment.EnvironmentRef;

/**
 * A stored read model could not be read: written in another format or damaged. The read model is derived data:
 * {@link Projector#rebuild} (or a restart of the projector, which checks) rebuilds it from the stream.
 */
public class UnreadableReadModelException extends RuntimeException {

    private final transient EnvironmentRef environment;

    public UnreadableReadModelException(EnvironmentRef environment, IllegalArgumentException cause) {
        super(
                "the stored read model of " + environment + " cannot be read (" + cause.getMessage()
                        + "): rebuild the read models of '" + environment.org() + "' from the stream",
                cause);
        this.environment = environment;
    }

    /** The Environment whose model cannot be read. */
    public EnvironmentRef environment() {
        return environment;
    }
}
