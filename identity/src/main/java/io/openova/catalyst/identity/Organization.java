package io.openova.catalyst.identity;

import io.openova.catalyst.api.environment.Names;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A tenant of the Sovereign: it owns users, Environments and a bill, within a quota.
 *
 * @param name the Organization's name, a DNS-1123 label of at most {@value #MAX_NAME_LENGTH} characters (it prefixes
 *     the names of its Environments' vclusters and namespaces, hence shorter than a label may be)
 * @param displayName what the console shows, 1 to {@value #MAX_DISPLAY_NAME_LENGTH} characters, not blank
 * @param tier the commercial tier
 * @param quota what the Organization may use at most
 * @param blueprintSources the catalog sources whose Blueprints the Organization may install, as source names
 *     (DNS-1123 labels, no duplicates); empty means every source
 */
public record Organization(String name, String displayName, Tier tier, Quota quota, List<String> blueprintSources) {
    public static final int MAX_NAME_LENGTH = 40;
    public static final int MAX_DISPLAY_NAME_LENGTH = 200;

    public Organization {
        Names.require("name:", name);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "name: must be at most " + MAX_NAME_LENGTH + " characters, got " + name.length());
        }
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("displayName: must not be blank");
        }
        if (displayName.length() > MAX_DISPLAY_NAME_LENGTH) {
            throw new IllegalArgumentException("displayName: must be at most " + MAX_DISPLAY_NAME_LENGTH
                    + " characters, got " + displayName.length());
        }
        if (tier == null) {
            throw new IllegalArgumentException("tier: must be one of FREE, STANDARD, ENTERPRISE");
        }
        if (quota == null) {
            throw new IllegalArgumentException("quota: must be given");
        }
        Objects.requireNonNull(blueprintSources, "blueprintSources");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < blueprintSources.size(); i++) {
            String source = blueprintSources.get(i);
            Names.require("blueprintSources[" + i + "]:", source);
            if (!seen.add(source)) {
                throw new IllegalArgumentException("blueprintSources[" + i + "]: '" + source + "' is listed twice");
            }
        }
        blueprintSources = List.copyOf(blueprintSources);
    }

    /** Whether the Organization may install Blueprints from the catalog source {@code sourceName}. */
    public boolean allowsSource(String sourceName) {
        return blueprintSources.isEmpty() || blueprintSources.contains(sourceName);
    }

    /** The commercial tier of an Organization. */
    public enum Tier {
        FREE,
        STANDARD,
        ENTERPRISE
    }

    /**
     * The most an Organization may use. Every field is zero or more; zero means none at all.
     *
     * @param maxEnvironments how many Environments
     * @param maxApplications how many Applications, over all its Environments
     * @param cpuMillicores CPU requests over all its Environments, in millicores
     * @param memoryMebibytes memory requests over all its Environments, in MiB
     */
    public record Quota(int maxEnvironments, int maxApplications, long cpuMillicores, long memoryMebibytes) {
        public Quota {
            requireZeroOrMore("quota.maxEnvironments", maxEnvironments);
            requireZeroOrMore("quota.maxApplications", maxApplications);
            requireZeroOrMore("quota.cpuMillicores", cpuMillicores);
            requireZeroOrMore("quota.memoryMebibytes", memoryMebibytes);
        }

        private static void requireZeroOrMore(String field, long value) {
            if (value < 0) {
                throw new IllegalArgumentException(field + ": must be zero or more, got " + value);
            }
        }
    }
}
