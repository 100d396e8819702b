package io.openova.catalyst.provisioning.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.catalog.Defaults;
import io.openova.catalyst.catalog.JsonSchemas;
import io.openova.catalyst.catalog.JsonValuesMapper;
import io.openova.catalyst.provisioning.compose.SecretFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates an Application's config against its Blueprint's configSchema (JSON Schema 2020-12, local {@code $ref},
 * formats asserted): unknown keys refused even where the schema forgot {@code additionalProperties: false}, every
 * violation reported at once with its JSON pointer, defaults applied, and the secrets split out.
 */
public final class ConfigValidator {
    private static final int MAX_DEPTH = 32;

    private ConfigValidator() {}

    /** A Blueprint's configSchema as a tree and compiled, kept while the catalog holds that Blueprint object. */
    private record Compiled(Blueprint blueprint, JsonNode tree, JsonSchema schema) {}

    private static final ConcurrentHashMap<String, Compiled> COMPILED = new ConcurrentHashMap<>();
    private static final int MAX_COMPILED = 1024;

    private static Compiled compiled(Blueprint blueprint) {
        String key = blueprint.name() + "@" + blueprint.spec().version();
        Compiled cached = COMPILED.get(key);
        if (cached != null && cached.blueprint() == blueprint) {
            return cached;
        }
        JsonNode tree = JsonValuesMapper.toNode(blueprint.spec().configSchema());
        JsonSchema schema = JsonSchemas.compile(tree);
        schema.initializeValidators();
        Compiled fresh = new Compiled(blueprint, tree, schema);
        if (COMPILED.size() >= MAX_COMPILED) {
            COMPILED.clear();
        }
        COMPILED.put(key, fresh);
        return fresh;
    }

    public static ValidatedConfig validate(Blueprint blueprint, JsonNode config) throws InvalidConfigException {
        Compiled compiled = compiled(blueprint);
        JsonNode schema = compiled.tree();
        if (config == null || config.isNull()) {
            config = JsonNodeFactory.instance.objectNode();
        }
        if (!config.isObject()) {
            throw new InvalidConfigException(
                    blueprint.name(), List.of(new ConfigViolation("", "the config must be a JSON object")));
        }
        List<ConfigViolation> violations = new ArrayList<>();
        unknownKeys(schema, schema, config, "", violations, newPath());
        JsonNode effective = Defaults.apply(schema, (ObjectNode) config);
        for (JsonSchemas.Violation v : JsonSchemas.validate(compiled.schema(), effective)) {
            violations.add(new ConfigViolation(v.pointer(), v.message()));
        }
        SecretFields secretFields = new SecretFields(schema);
        if (!violations.isEmpty()) {
            List<ConfigViolation> unique =
                    new ArrayList<>(new LinkedHashSet<>(scrub(violations, config, secretFields.presentIn(config))));
            unique.sort(Comparator.comparing(ConfigViolation::pointer).thenComparing(ConfigViolation::message));
            throw new InvalidConfigException(blueprint.name(), unique);
        }
        List<String> present = secretFields.presentIn(effective);
        SortedMap<String, String> secrets = new TreeMap<>();
        for (String pointer : present) {
            JsonNode value = effective.at(pointer);
            if (!value.isNull()) {
                secrets.put(property(pointer), value.asText());
            }
        }
        ObjectNode withoutSecrets = secretFields.without((ObjectNode) effective);
        ObjectNode userWithoutSecrets = secretFields.without((ObjectNode) config);
        JsonNode defaults = Defaults.apply(schema, JsonNodeFactory.instance.objectNode());
        Map<String, Object> changed = JsonValuesMapper.toMap(changedFrom(defaults, userWithoutSecrets));
        return new ValidatedConfig(withoutSecrets, changed, secrets, List.copyOf(present));
    }

    /** Violations with any secret value the user typed replaced by {@code ***}: messages may quote values. */
    private static List<ConfigViolation> scrub(
            List<ConfigViolation> violations, JsonNode config, List<String> secrets) {
        List<String> values = secrets.stream()
                .map(config::at)
                .filter(JsonNode::isValueNode)
                .map(JsonNode::asText)
                .filter(v -> !v.isEmpty())
                .toList();
        return violations.stream()
                .map(v -> {
                    String message = v.message();
                    for (String value : values) {
                        message = message.replace(value, "***");
                    }
                    return new ConfigViolation(v.pointer(), message);
                })
                .toList();
    }

    /** The secret-store property of a secret field: {@code /backup/s3Key} → {@code backup.s3Key}. */
    public static String property(String pointer) {
        return SecretFields.property(pointer);
    }

    /** Only the parts of {@code user} that differ from {@code defaults}, recursively for objects. */
    static ObjectNode changedFrom(JsonNode defaults, ObjectNode user) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : user.properties()) {
            JsonNode fallback = defaults.path(field.getKey());
            JsonNode value = field.getValue();
            if (value instanceof ObjectNode object && fallback.isObject()) {
                ObjectNode nested = changedFrom(fallback, object);
                if (!nested.isEmpty()) {
                    out.set(field.getKey(), nested);
                }
            } else if (!value.equals(fallback)) {
                out.set(field.getKey(), value);
            }
        }
        return out;
    }

    private static void unknownKeys(
            JsonNode root, JsonNode schema, JsonNode config, String at, List<ConfigViolation> out, Set<JsonNode> path) {
        JsonNode resolved = resolve(root, schema);
        if (!config.isObject() || !resolved.isObject() || path.size() > MAX_DEPTH) {
            return;
        }
        JsonNode properties = resolved.path("properties");
        boolean open = resolved.has("patternProperties")
                || resolved.has("unevaluatedProperties")
                || resolved.has("allOf")
                || resolved.has("anyOf")
                || resolved.has("oneOf")
                || resolved.has("if")
                || (resolved.has("additionalProperties")
                        && !resolved.get("additionalProperties").equals(JsonNodeFactory.instance.booleanNode(false)));
        path.add(resolved);
        for (Map.Entry<String, JsonNode> field : config.properties()) {
            String child = at + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
            if (properties.has(field.getKey())) {
                unknownKeys(root, properties.get(field.getKey()), field.getValue(), child, out, path);
            } else if (!open && !resolved.has("additionalProperties")) {
                out.add(new ConfigViolation(child, "unknown field '" + field.getKey() + "'"));
            }
        }
        path.remove(resolved);
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        return JsonSchemas.resolveLocalRef(root, schema);
    }

    private static Set<JsonNode> newPath() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
