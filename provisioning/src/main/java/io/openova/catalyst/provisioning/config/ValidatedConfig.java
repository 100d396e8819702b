package io.openova.catalyst.provisioning.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A config that validated against a Blueprint's configSchema.
 *
 * @param effective the config with every default applied, secrets removed: what the chart gets as values
 * @param changed only what the user set differently from the defaults, secrets removed: what Catalyst stores, so
 *     that an upgrade picks up the new version's defaults and keeps the user's choices
 * @param secrets the secret fields the user set, by property name ({@code backup.s3Key}): for the secret store only
 * @param secretFields JSON pointers of the secret fields that have a value (inside lists too), in document order
 */
public record ValidatedConfig(
        JsonNode effective, Map<String, Object> changed, SortedMap<String, String> secrets, List<String> secretFields) {

    @Override
    public String toString() {
        return "ValidatedConfig[effective=" + effective + ", changed=" + changed + ", secrets=" + secrets.keySet()
                + " (values hidden), secretFields=" + secretFields + "]";
    }
}
