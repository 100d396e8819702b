package io.openova.catalyst.identity;

/** The outcome of {@link AuthorizationPolicy#decide}, with the HTTP status the API answers a refusal with. */
public enum Decision {
    /** The caller may do it. */
    ALLOW(200),
    /** The caller may know the target exists but lacks the role: 403. */
    FORBIDDEN(403),
    /**
     * The target belongs to another Organization: 404, exactly as if it did not exist, so the existence of another
     * Organization's resources does not leak.
     */
    NOT_FOUND(404);

    private final int status;

    Decision(int status) {
        this.status = status;
    }

    /** 200, 403 or 404. */
    public int status() {
        return status;
    }

    public boolean allowed() {
        return this == ALLOW;
    }
}
