package io.openova.catalyst.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates of a Blueprint's {@code render} section (docs/blueprints.md, "Rendering"): plain YAML with two
 * kinds of expression, both typed and side-effect free, so rendering is deterministic and a template can be checked
 * against the configSchema before any user sees it.
 *
 * <ul>
 *   <li>{@code {$config: /pointer}}, a map with that single key, stands for the config value at the JSON pointer (the
 *       Application's values over the Blueprint's defaults, secret fields never included), keeping its type. When
 *       the config has no value there (or an empty string, the configSchema's way of saying "unset"), the key
 *       holding it (or the list item) is left out.
 *   <li>{@code ${name}} inside a string is replaced by a variable: {@code app}, {@code namespace}, {@code org},
 *       {@code env}, {@code version}, {@code secretName} (the Secret the Application's ExternalSecret creates),
 *       {@code secretsRevision} (changes whenever the secret values change, empty before any is set: put it in a pod
 *       template annotation so the pods restart with the new values), or
 *       {@code config:/pointer} for a scalar config value (empty when unset). {@code $${} writes a literal
 *       {@code ${}.
 * </ul>
 */
public final class Templates {
    /** The key of a config reference node. */
    public static final String CONFIG_KEY = "$config";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
    private static final List<String> VARIABLES =
            List.of("app", "namespace", "org", "env", "version", "secretName", "secretsRevision");
    private static final String CONFIG_PREFIX = "config:";
    /** Reads numbers and booleans back from interpolated strings. */
    private static final ObjectMapper NUMBERS = new ObjectMapper();

    private Templates() {}

    /** The values a template is rendered with. {@code config} is the effective config without secret fields. */
    public record Context(
            String app,
            String namespace,
            String org,
            String env,
            String version,
            String secretName,
            String secretsRevision,
            JsonNode config) {
        public Context {
            Objects.requireNonNull(secretsRevision, "secretsRevision");
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(org, "org");
            Objects.requireNonNull(env, "env");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(secretName, "secretName");
            Objects.requireNonNull(config, "config");
        }

        private String variable(String name) {
            return switch (name) {
                case "app" -> app;
                case "namespace" -> namespace;
                case "org" -> org;
                case "env" -> env;
                case "version" -> version;
                case "secretName" -> secretName;
                case "secretsRevision" -> secretsRevision;
                default -> throw new TemplateException("unknown variable ${" + name + "}");
            };
        }
    }

    /** A template that cannot be rendered; the catalog lint keeps such Blueprints out, so users never see one. */
    public static final class TemplateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TemplateException(String message) {
            super(message);
        }
    }

    /** One thing wrong with a template: where in the template (a JSON pointer below {@code base}) and what. */
    public record Violation(String pointer, String message) {}

    /** Renders {@code template}; the result shares no nodes with it. */
    public static JsonNode render(JsonNode template, Context context) {
        return renderNode(template, context).orElseGet(JsonNodeFactory.instance::nullNode);
    }

    private static Optional<JsonNode> renderNode(JsonNode node, Context context) {
        if (isConfigReference(node)) {
            JsonNode value = context.config().at(node.get(CONFIG_KEY).asText());
            boolean unset = value.isMissingNode()
                    || value.isNull()
                    || (value.isTextual() && value.asText().isEmpty());
            return unset ? Optional.empty() : Optional.of(value.deepCopy());
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                renderNode(field.getValue(), context).ifPresent(v -> out.set(field.getKey(), v));
            }
            return Optional.of(out);
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                renderNode(item, context).ifPresent(out::add);
            }
            return Optional.of(out);
        }
        if (node.isTextual()) {
            return Optional.of(TextNode.valueOf(interpolate(node.asText(), context)));
        }
        return Optional.of(node.deepCopy());
    }

    private static String interpolate(String text, Context context) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "${";
            } else if (m.group(1).startsWith(CONFIG_PREFIX)) {
                JsonNode value = context.config().at(m.group(1).substring(CONFIG_PREFIX.length()));
                if (value.isContainerNode()) {
                    throw new TemplateException("${" + m.group(1) + "} is not a single value");
                }
                replacement = value.isMissingNode() || value.isNull() ? "" : value.asText();
            } else {
                replacement = context.variable(m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * What the config must be for {@code template} to render {@code edited}: the config values bound with
     * {@code {$config: /p}} take the edited values (a bound key left out unsets its field), and those interpolated
     * with {@code ${config:/p}} are read back from the edited string when it keeps the template's form. Everything else
     * the Blueprint fixes: an edit of it, or a key the template does not render, is a violation at its pointer in
     * {@code edited}.
     *
     * @param context what {@code template} was rendered with: its variables, and the config whose value types the
     *     values read from strings take
     * @return the config values by pointer ({@code null} node: unset), and the violations
     */
    public static Inversion invert(JsonNode template, JsonNode edited, Context context) {
        Inversion inversion = new Inversion(new TreeMap<>(), new ArrayList<>());
        invertNode(template, Optional.ofNullable(edited), "", context, inversion);
        return inversion;
    }

    /** The result of {@link #invert}: config values by JSON pointer, and what could not be mapped back. */
    public record Inversion(SortedMap<String, JsonNode> config, List<Violation> violations) {}

    private static void invertNode(
            JsonNode node, Optional<JsonNode> edited, String pointer, Context context, Inversion out) {
        if (isConfigReference(node)) {
            bind(
                    node.get(CONFIG_KEY).asText(),
                    edited.<JsonNode>map(JsonNode::deepCopy).orElse(null),
                    pointer,
                    out);
            return;
        }
        if (node.isObject()) {
            if (edited.isPresent() && !edited.get().isObject()) {
                out.violations().add(new Violation(pointer, "must be a map, as the Blueprint renders it"));
                return;
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                invertNode(
                        field.getValue(),
                        edited.map(e -> e.get(field.getKey())),
                        Pointers.child(pointer, field.getKey()),
                        context,
                        out);
            }
            edited.ifPresent(e -> e.properties().forEach(field -> {
                if (!node.has(field.getKey())) {
                    out.violations()
                            .add(new Violation(
                                    Pointers.child(pointer, field.getKey()),
                                    "is not a value this Blueprint renders: only values bound to its config can be"
                                            + " edited"));
                }
            }));
            return;
        }
        if (node.isTextual() && edited.isPresent() && edited.get().isTextual() && hasConfigVariable(node.asText())) {
            readBack(node.asText(), edited.get().asText(), pointer, context, out);
            return;
        }
        JsonNode rendered = render(node, context);
        if (edited.isPresent() && edited.get().equals(rendered)) {
            return;
        }
        out.violations()
                .add(new Violation(
                        pointer,
                        edited.isEmpty()
                                ? "was removed, but the Blueprint fixes it (" + rendered + ")"
                                : "is fixed by the Blueprint (" + rendered + "): only values bound to its config can"
                                        + " be edited"));
    }

    private static boolean hasConfigVariable(String text) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            if (m.group(1) != null && m.group(1).startsWith(CONFIG_PREFIX)) {
                return true;
            }
        }
        return false;
    }

    /** Reads the config values of the {@code ${config:/p}} in {@code template} back from {@code edited}. */
    private static void readBack(String template, String edited, String pointer, Context context, Inversion out) {
        StringBuilder regex = new StringBuilder();
        List<String> pointers = new ArrayList<>();
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            if (m.group(1) == null) {
                regex.append(Pattern.quote("${"));
            } else if (m.group(1).startsWith(CONFIG_PREFIX)) {
                regex.append("(.*?)");
                pointers.add(m.group(1).substring(CONFIG_PREFIX.length()));
            } else {
                regex.append(Pattern.quote(context.variable(m.group(1))));
            }
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        Matcher match = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(edited);
        if (!match.matches()) {
            out.violations()
                    .add(new Violation(pointer, "must keep the form the Blueprint gives it: " + template.strip()));
            return;
        }
        for (int i = 0; i < pointers.size(); i++) {
            String text = match.group(i + 1);
            JsonNode current = context.config().at(pointers.get(i));
            JsonNode value;
            if (text.isEmpty()) {
                value = null;
            } else if (current.isNumber() || current.isBoolean()) {
                try {
                    value = NUMBERS.readTree(text);
                } catch (JsonProcessingException e) {
                    value = TextNode.valueOf(text);
                }
                if (value == null || !(value.isNumber() || value.isBoolean())) {
                    out.violations()
                            .add(new Violation(
                                    pointer,
                                    "'" + text + "' is not a " + (current.isNumber() ? "number" : "boolean") + " for "
                                            + pointers.get(i)));
                    continue;
                }
            } else {
                value = TextNode.valueOf(text);
            }
            bind(pointers.get(i), value, pointer, out);
        }
    }

    /** Records {@code value} (null: unset) for the config at {@code configPointer}, once. */
    private static void bind(String configPointer, JsonNode value, String at, Inversion out) {
        JsonNode bound = value == null ? JsonNodeFactory.instance.nullNode() : value;
        JsonNode earlier = out.config().putIfAbsent(configPointer, bound);
        if (earlier != null && !earlier.equals(bound)) {
            out.violations()
                    .add(new Violation(
                            at,
                            configPointer + " is rendered in several places: they were edited to different values"));
        }
    }

    private static boolean isConfigReference(JsonNode node) {
        return node.isObject() && node.has(CONFIG_KEY);
    }

    /**
     * Everything wrong with {@code template} against the Blueprint's {@code configSchema}: malformed references,
     * pointers the schema does not have, references to secret fields (secrets reach workloads through
     * {@code ${secretName}}, never as values), unknown variables, and objects or lists interpolated into strings.
     */
    public static List<Violation> lint(JsonNode template, JsonNode configSchema) {
        List<Violation> out = new ArrayList<>();
        lintNode(template, "", configSchema, out);
        return out;
    }

    private static void lintNode(JsonNode node, String pointer, JsonNode schema, List<Violation> out) {
        if (isConfigReference(node)) {
            if (node.size() != 1 || !node.get(CONFIG_KEY).isTextual()) {
                out.add(new Violation(
                        pointer,
                        "a config reference is a map with the single key $config and a JSON"
                                + " pointer as its value, e.g. {$config: /replicas}"));
                return;
            }
            checkPointer(node.get(CONFIG_KEY).asText(), pointer, schema, false, out);
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                lintNode(field.getValue(), Pointers.child(pointer, field.getKey()), schema, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                lintNode(node.get(i), Pointers.child(pointer, i), schema, out);
            }
        } else if (node.isTextual()) {
            Matcher m = VARIABLE.matcher(node.asText());
            while (m.find()) {
                String name = m.group(1);
                if (name == null) {
                    continue;
                }
                if (name.startsWith(CONFIG_PREFIX)) {
                    checkPointer(name.substring(CONFIG_PREFIX.length()), pointer, schema, true, out);
                } else if (!VARIABLES.contains(name)) {
                    out.add(new Violation(
                            pointer,
                            "unknown variable ${" + name + "}; use one of " + String.join(", ", VARIABLES)
                                    + " or config:/pointer"));
                }
            }
        }
    }

    private static void checkPointer(
            String configPointer, String at, JsonNode root, boolean scalar, List<Violation> out) {
        if (!configPointer.isEmpty() && !configPointer.startsWith("/")) {
            out.add(new Violation(at, "'" + configPointer + "' is not a JSON pointer; it starts with '/'"));
            return;
        }
        JsonNode schema = JsonSchemas.resolveLocalRef(root, root);
        for (String raw : configPointer.isEmpty()
                ? new String[0]
                : configPointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            JsonNode next;
            if (token.chars().allMatch(Character::isDigit) && !token.isEmpty() && schema.has("items")) {
                next = schema.get("items");
            } else {
                next = schema.path("properties").path(token);
            }
            if (next.isMissingNode()) {
                out.add(new Violation(at, "the configSchema has no field at " + configPointer));
                return;
            }
            schema = JsonSchemas.resolveLocalRef(root, next);
            if (schema.path("x-secret").asBoolean(false)) {
                out.add(new Violation(
                        at,
                        configPointer + " is a secret field: it never reaches Git, so a template cannot use its"
                                + " value; read it from the Secret ${secretName} instead"));
                return;
            }
        }
        if (scalar
                && (schema.has("properties")
                        || "object".equals(schema.path("type").asText())
                        || "array".equals(schema.path("type").asText()))) {
            out.add(new Violation(
                    at,
                    "${config:" + configPointer + "} is an object or a list; use {$config: " + configPointer
                            + "} as the whole value instead"));
        }
    }
}
