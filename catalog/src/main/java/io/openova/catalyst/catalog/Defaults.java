package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Applies a configSchema's defaults to a config: every property missing from the config takes its schema's
 * {@code default}; objects are descended into (following local {@code $ref}s) so nested defaults apply too. A schema
 * that refers back to itself is descended into once per path, so recursive schemas neither loop nor invent chains.
 */
public final class Defaults {
    private static final int MAX_DEPTH = 32;

    private Defaults() {}

    /** A copy of {@code config} with the defaults of {@code schema} filled in. */
    public static JsonNode apply(JsonNode schema, ObjectNode config) {
        ObjectNode out = config.deepCopy();
        fill(schema, schema, out, newPath());
        return out;
    }

    private static void fill(JsonNode root, JsonNode schema, ObjectNode target, Set<JsonNode> path) {
        JsonNode resolved = resolve(root, schema);
        if (path.size() > MAX_DEPTH || !resolved.isObject()) {
            return;
        }
        boolean added = path.add(resolved);
        for (Map.Entry<String, JsonNode> property : resolved.path("properties").properties()) {
            JsonNode propertySchema = resolve(root, property.getValue());
            JsonNode present = target.get(property.getKey());
            if (present == null && propertySchema.has("default")) {
                target.set(property.getKey(), propertySchema.get("default").deepCopy());
            } else if (present == null && hasNestedDefaults(root, propertySchema, path)) {
                ObjectNode child = target.putObject(property.getKey());
                fill(root, propertySchema, child, path);
            } else if (present instanceof ObjectNode child) {
                fill(root, propertySchema, child, path);
            }
        }
        if (added) {
            path.remove(resolved);
        }
    }

    /** Whether an object schema has defaults below it, not counting schemas already on the path (recursion). */
    private static boolean hasNestedDefaults(JsonNode root, JsonNode schema, Set<JsonNode> path) {
        if (path.size() > MAX_DEPTH || path.contains(schema)) {
            return false;
        }
        path.add(schema);
        try {
            for (JsonNode property : schema.path("properties")) {
                JsonNode resolved = resolve(root, property);
                if (resolved.has("default") || hasNestedDefaults(root, resolved, path)) {
                    return true;
                }
            }
            return false;
        } finally {
            path.remove(schema);
        }
    }

    private static Set<JsonNode> newPath() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** Follows a local {@code $ref} (the linter guarantees there are no others); keeps sibling keywords out. */
    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; hops < MAX_DEPTH && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#")) {
                return current;
            }
            JsonNode target = root.at(Pointers.decodeFragment(ref.substring(1)));
            if (target.isMissingNode()) {
                return current;
            }
            if (current.has("default") || current.has("properties")) {
                return current;
            }
            current = target;
        }
        return current;
    }
}
