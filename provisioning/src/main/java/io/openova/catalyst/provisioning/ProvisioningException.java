package io.openova.catalyst.provisioning;

/** A request provisioning refuses; nothing was written. The kind tells the API which status to answer with. */
public class ProvisioningException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the request was refused. */
    public enum Kind {
        /** An Environment, Application, Blueprint, version or commit that does not exist (404). */
        NOT_FOUND,
        /** The request contradicts the Environment's state, e.g. the Application exists already (409). */
        CONFLICT,
        /** Well-formed but not acceptable, e.g. a Blueprint that cannot be installed (422). */
        UNPROCESSABLE,
        /** Malformed input, e.g. a name that is not a DNS-1123 label (400). */
        BAD_REQUEST
    }

    private final Kind kind;

    public ProvisioningException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ProvisioningException notFound(String message) {
        return new ProvisioningException(Kind.NOT_FOUND, message);
    }

    public static ProvisioningException conflict(String message) {
        return new ProvisioningException(Kind.CONFLICT, message);
    }

    public static ProvisioningException unprocessable(String message) {
        return new ProvisioningException(Kind.UNPROCESSABLE, message);
    }

    public static ProvisioningException badRequest(String message) {
        return new ProvisioningException(Kind.BAD_REQUEST, message);
    }
}
