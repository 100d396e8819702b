package io.openova.catalyst.projector;

/** The outcome of one operation: every operation ends in one of the terminal states, none stays in progress forever. */
public enum OperationState {
    /** Requested, no outcome yet. */
    IN_PROGRESS,
    /** Committed to Git (for an uninstall: the manifests left Git; for an Environment: created or rolled back). */
    SUCCEEDED,
    /** The request failed and changed nothing. */
    FAILED,
    /** No outcome within the operation timeout; a later commit or failure of the operation still settles it. */
    TIMED_OUT;

    /** Whether the operation has an outcome. */
    public boolean isTerminal() {
        return this != IN_PROGRESS;
    }
}
