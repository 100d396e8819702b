package io.openova.catalyst.api.environment;

/** An Environment of an Organization: both names are DNS-1123 labels. */
public record EnvironmentRef(String org, String env) {
    public EnvironmentRef {
        Names.require("organization", org);
        Names.require("environment", env);
    }

    @Override
    public String toString() {
        return org + "/" + env;
    }
}
