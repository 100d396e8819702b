package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a Blueprint's {@code configSchema}: a valid, self-contained JSON Schema 2020-12 whose UI hints are
 * {@code x-} prefixed and well typed, whose {@code $ref}s resolve inside it, whose secrets carry no default, and
 * whose defaults validate.
 */
final class ConfigSchemaLinter {
    private static final Set<String> SUBSCHEMA = Set.of(
            "items",
            "additionalProperties",
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema");
    private static final Set<String> SUBSCHEMA_MAP =
            Set.of("properties", "patternProperties", "$defs", "dependentSchemas");
    private static final Set<String> SUBSCHEMA_ARRAY = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> VALUE_KEYWORDS = Set.of(
            "$schema",
            "$id",
            "$ref",
            "$anchor",
            "$dynamicRef",
            "$dynamicAnchor",
            "$comment",
            "type",
            "const",
            "enum",
            "multipleOf",
            "maximum",
            "exclusiveMaximum",
            "minimum",
            "exclusiveMinimum",
            "maxLength",
            "minLength",
            "pattern",
            "maxItems",
            "minItems",
            "uniqueItems",
            "maxContains",
            "minContains",
            "maxProperties",
            "minProperties",
            "required",
            "dependentRequired",
            "title",
            "description",
            "default",
            "deprecated",
            "readOnly",
            "writeOnly",
            "examples",
            "format",
            "contentEncoding",
            "contentMediaType");
    private static final Set<String> FORMATS = Set.of(
            "date-time",
            "date",
            "time",
            "duration",
            "email",
            "idn-email",
            "hostname",
            "idn-hostname",
            "ipv4",
            "ipv6",
            "uri",
            "uri-reference",
            "iri",
            "iri-reference",
            "uuid",
            "uri-template",
            "json-pointer",
            "relative-json-pointer",
            "regex");
    private static final Set<String> WIDGETS =
            Set.of("text", "textarea", "number", "toggle", "select", "password", "slider", "yaml", "keyvalue");
    private static final Map<String, String> HINTS_FROM_OTHER_TOOLS = Map.of(
            "definitions", "use '$defs' (JSON Schema 2020-12)",
            "widget", "UI hints must be x-prefixed: 'x-widget'",
            "order", "UI hints must be x-prefixed: 'x-order'",
            "group", "UI hints must be x-prefixed: 'x-group'",
            "secret", "UI hints must be x-prefixed: 'x-secret'",
            "ui:widget", "UI hints must be x-prefixed: 'x-widget'");

    private final YamlDocument document;
    private final String base;
    private final JsonNode root;
    private final List<Problem> problems = new ArrayList<>();

    private ConfigSchemaLinter(YamlDocument document, String base, JsonNode root) {
        this.document = document;
        this.base = base;
        this.root = root;
    }

    /** Problems of the configSchema at {@code base} (a JSON pointer into {@code document}). */
    static List<Problem> lint(YamlDocument document, String base, JsonNode schema) {
        ConfigSchemaLinter linter = new ConfigSchemaLinter(document, base, schema);
        linter.run();
        return linter.problems;
    }

    private void run() {
        if (!root.isObject()) {
            problems.add(document.problem(base, "must be a JSON Schema object"));
            return;
        }
        JsonNode schemaKeyword = root.get("$schema");
        if (schemaKeyword != null && !JsonSchemas.DRAFT_2020_12.equals(schemaKeyword.asText())) {
            problems.add(document.problem(
                    base + "/$schema", "must be '" + JsonSchemas.DRAFT_2020_12 + "' (JSON Schema 2020-12)"));
        }
        if (root.has("type") && !"object".equals(root.get("type").asText())) {
            problems.add(document.problem(base + "/type", "the config of an Application is an object: use 'object'"));
        }
        walk(root, "", false);
        if (!problems.isEmpty()) {
            return;
        }
        for (JsonSchemas.Violation v : JsonSchemas.checkAgainstMetaSchema(root)) {
            problems.add(document.problem(base + v.pointer(), "not a valid JSON Schema 2020-12: " + v.message()));
        }
        if (!problems.isEmpty()) {
            return;
        }
        checkDefaults();
    }

    private void walk(JsonNode schema, String at, boolean underSecret) {
        if (schema.isBoolean()) {
            return;
        }
        if (!schema.isObject()) {
            problems.add(document.problem(base + at, "must be a schema (an object or a boolean)"));
            return;
        }
        boolean secret = schema.path("x-secret").asBoolean(false);
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            String here = Pointers.child(at, keyword);
            if (SUBSCHEMA.contains(keyword)) {
                walk(value, here, underSecret || secret);
            } else if (SUBSCHEMA_MAP.contains(keyword)) {
                if (!value.isObject()) {
                    problems.add(document.problem(base + here, "must be an object of schemas"));
                    continue;
                }
                value.properties()
                        .forEach(e -> walk(e.getValue(), Pointers.child(here, e.getKey()), underSecret || secret));
            } else if (SUBSCHEMA_ARRAY.contains(keyword)) {
                if (!value.isArray()) {
                    problems.add(document.problem(base + here, "must be an array of schemas"));
                    continue;
                }
                for (int i = 0; i < value.size(); i++) {
                    walk(value.get(i), Pointers.child(here, i), underSecret || secret);
                }
            } else if (keyword.startsWith("x-")) {
                checkHint(keyword, value, here, schema);
            } else if (VALUE_KEYWORDS.contains(keyword)) {
                checkValueKeyword(keyword, value, here);
            } else {
                String hint = HINTS_FROM_OTHER_TOOLS.get(keyword);
                problems.add(document.problem(
                        base + here,
                        "unknown keyword '" + keyword + "'"
                                + (hint != null
                                        ? " (" + hint + ")"
                                        : "; UI hints must be x-prefixed ("
                                                + String.join(", ", sorted(JsonSchemas.UI_HINTS)) + ")")));
            }
        }
        if (secret) {
            checkSecret(schema, at);
        }
    }

    private void checkValueKeyword(String keyword, JsonNode value, String here) {
        switch (keyword) {
            case "$ref" -> checkRef(value, here);
            case "$id", "$dynamicRef", "$dynamicAnchor" ->
                problems.add(document.problem(
                        base + here, "'" + keyword + "' is not supported: a configSchema is self-contained"));
            case "format" -> {
                if (!FORMATS.contains(value.asText())) {
                    problems.add(document.problem(
                            base + here,
                            "unknown format '" + value.asText() + "'; expected one of " + sorted(FORMATS)));
                }
            }
            default -> {}
        }
    }

    private void checkRef(JsonNode value, String here) {
        String ref = value.asText();
        if (!ref.startsWith("#")) {
            problems.add(document.problem(
                    base + here,
                    "'" + ref
                            + "' is not a local reference: a configSchema may only $ref inside itself (#/$defs/...)"));
            return;
        }
        String pointer = Pointers.decodeFragment(ref.substring(1));
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            problems.add(document.problem(base + here, "'" + ref + "' must be a JSON pointer such as #/$defs/name"));
            return;
        }
        if (root.at(pointer).isMissingNode()) {
            problems.add(document.problem(base + here, "'" + ref + "' does not resolve inside the configSchema"));
        }
    }

    private void checkHint(String keyword, JsonNode value, String here, JsonNode schema) {
        switch (keyword) {
            case "x-order" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(document.problem(base + here, "must be an integer"));
                }
            }
            case "x-group" -> {
                if (!value.isTextual() || value.asText().isBlank()) {
                    problems.add(document.problem(base + here, "must be a non-empty string"));
                }
            }
            case "x-widget" -> {
                if (!value.isTextual() || !WIDGETS.contains(value.asText())) {
                    problems.add(document.problem(base + here, "must be one of " + sorted(WIDGETS)));
                } else if ("password".equals(value.asText())
                        && !schema.path("x-secret").asBoolean(false)) {
                    problems.add(
                            document.problem(base + here, "the password widget is for secrets: set x-secret: true"));
                }
            }
            case "x-secret", "x-common" -> {
                if (!value.isBoolean()) {
                    problems.add(document.problem(base + here, "must be true or false"));
                }
            }
            default ->
                problems.add(document.problem(
                        base + here,
                        "unknown UI hint '" + keyword + "'; expected one of " + sorted(JsonSchemas.UI_HINTS)));
        }
    }

    private void checkSecret(JsonNode schema, String at) {
        for (String keyword : List.of("default", "const", "examples", "enum")) {
            if (schema.has(keyword)) {
                problems.add(document.problem(
                        base + Pointers.child(at, keyword),
                        "a secret field cannot carry '" + keyword + "': its value would end up in Git"));
            }
        }
        JsonNode type = schema.get("type");
        if (type == null || !"string".equals(type.asText())) {
            problems.add(document.problem(base + at, "a secret field must be of type string"));
        }
    }

    /** Every default validates against its own subschema, and the defaults together validate against the whole. */
    private void checkDefaults() {
        ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
        ObjectNode embedded = root.deepCopy();
        embedded.put("$id", "urn:catalyst:config-schema");
        embedded.remove("$schema");
        wrapper.putObject("$defs").set("config", embedded);
        collectDefaults(root, "", wrapper);
        JsonNode defaults = Defaults.apply(root, JsonNodeFactory.instance.objectNode());
        for (JsonSchemas.Violation v : JsonSchemas.validate(JsonSchemas.compile(root), defaults)) {
            String where = v.pointer().isEmpty() ? "" : Pointers.toField(v.pointer()) + ": ";
            problems.add(document.problem(base, "the defaults do not validate: " + where + v.message()));
        }
    }

    private void collectDefaults(JsonNode schema, String at, ObjectNode wrapper) {
        if (!schema.isObject()) {
            return;
        }
        if (schema.has("default")) {
            ObjectNode check = wrapper.deepCopy();
            check.put("$ref", "urn:catalyst:config-schema#" + Pointers.encodeFragment(at));
            for (JsonSchemas.Violation v : JsonSchemas.validate(JsonSchemas.compile(check), schema.get("default"))) {
                String where = v.pointer().isEmpty() ? "" : Pointers.toField(v.pointer()) + ": ";
                problems.add(document.problem(
                        base + Pointers.child(at, "default"), "default does not validate: " + where + v.message()));
            }
        }
        schema.properties().forEach(field -> {
            String keyword = field.getKey();
            String here = Pointers.child(at, keyword);
            if (SUBSCHEMA.contains(keyword)) {
                collectDefaults(field.getValue(), here, wrapper);
            } else if (SUBSCHEMA_MAP.contains(keyword)) {
                field.getValue()
                        .properties()
                        .forEach(e -> collectDefaults(e.getValue(), Pointers.child(here, e.getKey()), wrapper));
            } else if (SUBSCHEMA_ARRAY.contains(keyword)) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    collectDefaults(field.getValue().get(i), Pointers.child(here, i), wrapper);
                }
            }
        });
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /** Compiles a configSchema that passed {@link #lint}. */
    static JsonSchema compile(JsonNode schema) {
        return JsonSchemas.compile(schema);
    }
}
