package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Applies a configSchema's defaults to a config: every property missing from the config takes its schema's
 * {@code default}; objects are descended into (following local {@code $ref}s) so nested defaults apply too.
 */
public final class Defaults {
    private static final int MAX_DEPTH = 32;

    private Defaults() {}

    /** A copy of {@code config} with the defaults of {@code schema} filled in. */
    public static JsonNode apply(JsonNode schema, ObjectNode config) {
        ObjectNode out = config.deepCopy();
        fill(schema, schema, out, 0);
        return out;
    }

    private static void fill(JsonNode root, JsonNode schema, ObjectNode target, int depth) {
        JsonNode resolved = resolve(root, schema);
        if (depth > MAX_DEPTH || !resolved.isObject()) {
            return;
        }
        JsonNode properties = resolved.path("properties");
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
                        JsonNode propertySchema = resolve(root, property.getValue());
            JsonNode present = target.get(property.getKey());
            if (present == null && propertySchema.has("default")) {
                target.set(property.getKey(), propertySchema.get("default").deepCopy());
            } else if (present == null && isObjectWithDefaults(root, propertySchema, depth + 1)) {
                ObjectNode child = target.putObject(property.getKey());
                fill(root, propertySchema, child, depth + 1);
            } else if (present instanceof ObjectNode child) {
                fill(root, propertySchema, child, depth + 1);
            }
        }
    }

    private static boolean isObjectWithDefaults(JsonNode root, JsonNode schema, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        for (JsonNode property : schema.path("properties")) {
            JsonNode resolved = resolve(root, property);
            if (resolved.has("default") || isObjectWithDefaults(root, resolved, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Follows a local {@code $ref} (the linter guarantees there are no others); keeps sibling keywords out. */
    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; hops < MAX_DEPTH && current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#")) {
                return current;
            }
            JsonNode target = root.at(ref.substring(1));
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
