package io.openova.catalyst.provisioning.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.catalog.JsonSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields a configSchema marks {@code x-secret: true}, found by walking the schema along {@code properties},
 * {@code additionalProperties} and {@code items}, following local {@code $ref}s. A secret field's value lives in the
 * secret store under a property named after its pointer ({@code /backup/s3Key} → {@code backup.s3Key}); the chart
 * gets it at the same place of its values.
 */
public final class SecretFields {
    private static final int MAX_DEPTH = 32;
    /** What a Secret key (and so a Flux {@code valuesKey}) may hold. */
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private final JsonNode root;

    public SecretFields(JsonNode schema) {
        this.root = schema;
    }

    /** The property of a secret field in the secret store and in the Secret: the pointer with '/' made '.'. */
    public static String property(String pointer) {
        return pointer.substring(1).replace('/', '.');
    }

    /** Whether {@code pointer} names a field the schema marks secret. */
    boolean isSecret(String pointer) {
        return walk(pointer)
                .map(steps -> isSecretSchema(steps.getLast().schema()))
                .orElse(false);
    }

    /**
     * The secret's place in the chart's values as a Helm path ({@code backup.s3Key}, {@code providers[0].apiKey}), for
     * a {@code targetPath}. Empty when the pointer is not a secret field or cannot be written as a Secret key.
     */
    Optional<String> helmPath(String pointer) {
        if (!isSecret(pointer) || !SECRET_KEY.matcher(property(pointer)).matches()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (Step step : walk(pointer).orElseThrow()) {
            if (step.index()) {
                out.append('[').append(step.token()).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(step.token().replace(".", "\\."));
            }
        }
        return Optional.of(out.toString());
    }

    /** Pointers of the secret fields that have a value in {@code values}, in document order. */
    public List<String> presentIn(JsonNode values) {
        List<String> out = new ArrayList<>();
        find(values, root, "", out, 0);
        return out;
    }

    /** A copy of {@code values} without any secret field. */
    public ObjectNode without(ObjectNode values) {
        ObjectNode out = values.deepCopy();
        for (String pointer : presentIn(values).reversed()) {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = out.at(pointer.substring(0, slash));
            String last = unescape(pointer.substring(slash + 1));
            if (parent instanceof ObjectNode object) {
                object.remove(last);
            } else if (parent instanceof ArrayNode array) {
                array.remove(Integer.parseInt(last));
            }
        }
        return out;
    }

    private void find(JsonNode value, JsonNode schema, String pointer, List<String> out, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (!pointer.isEmpty() && isSecretSchema(schema)) {
            out.add(pointer);
            return;
        }
        JsonNode resolved = resolve(schema);
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                child(resolved, field.getKey(), false)
                        .ifPresent(
                                s -> find(field.getValue(), s, pointer + "/" + escape(field.getKey()), out, depth + 1));
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                int index = i;
                child(resolved, String.valueOf(i), true)
                        .ifPresent(s -> find(value.get(index), s, pointer + "/" + index, out, depth + 1));
            }
        }
    }

    private Optional<List<Step>> walk(String pointer) {
        if (pointer.isEmpty() || !pointer.startsWith("/")) {
            return Optional.empty();
        }
        List<Step> steps = new ArrayList<>();
        JsonNode schema = root;
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = unescape(raw);
            JsonNode resolved = resolve(schema);
            boolean index = resolved.has("items") && token.matches("0|[1-9][0-9]{0,8}");
            Optional<JsonNode> next = child(resolved, token, index);
            if (next.isEmpty() || steps.size() > MAX_DEPTH) {
                return Optional.empty();
            }
            schema = next.get();
            steps.add(new Step(token, index, schema));
        }
        return Optional.of(steps);
    }

    private static Optional<JsonNode> child(JsonNode schema, String token, boolean index) {
        if (index) {
            JsonNode items = schema.path("items");
            return items.isObject() ? Optional.of(items) : Optional.empty();
        }
        JsonNode property = schema.path("properties").path(token);
        if (property.isObject()) {
            return Optional.of(property);
        }
        JsonNode additional = schema.path("additionalProperties");
        return additional.isObject() ? Optional.of(additional) : Optional.empty();
    }

    private boolean isSecretSchema(JsonNode schema) {
        return schema.path("x-secret").asBoolean(false)
                || resolve(schema).path("x-secret").asBoolean(false);
    }

    private JsonNode resolve(JsonNode schema) {
        return JsonSchemas.resolveLocalRef(root, schema);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private record Step(String token, boolean index, JsonNode schema) {}
}
