package io.openova.catalyst.api.environment;

/**
 * An Environment of an Organization: both names are DNS-1123 labels. The Environment name {@value #RESERVED} is
 * reserved: its place in the Organization's event subjects ({@code catalyst.<org>.audit...}) holds the audit log.
 */
public record EnvironmentRef(String org, String env) {
    /** The one DNS-1123 label that cannot name an Environment. */
    public static final String RESERVED = "audit";

    public EnvironmentRef {
        Names.require("organization", org);
        Names.require("environment", env);
        if (RESERVED.equals(env)) {
            throw new IllegalArgumentException("environment: '" + RESERVED
                    + "' is reserved for the Organization's audit log; choose another name");
        }
    }

    @Override
    public String toString() {
        return org + "/" + env;
    }
}
