package io.openova.catalyst.provisioning.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.catalog.JsonValuesMapper;
import io.openova.catalyst.catalog.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes the Application records of an Environment repository ({@code .catalyst/applications/<name>.yaml}):
 *
 * <pre>
 * apiVersion: catalyst.openova.io/v1alpha1
 * kind: Application
 * metadata:
 *   name: pg
 * spec:
 *   blueprint: cnpg
 *   partOf: data            # only for a member of a composite
 *   secrets:                # only when secret fields are set
 *     - /superuserPassword
 *   secretsRevision: 6f1c...  # an opaque id, new whenever secret values change
 *   values:
 *     instances: 5
 *   version: 1.0.0
 * </pre>
 */
public final class ApplicationRecords {
    public static final String API_VERSION = "catalyst.openova.io/v1alpha1";
    public static final String KIND = "Application";
    /** The folder of the records in an Environment repository. */
    public static final String FOLDER = ".catalyst/applications";

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA = Set.of("name");
    private static final Set<String> SPEC =
            Set.of("blueprint", "version", "values", "secrets", "partOf", "secretsRevision");

    private ApplicationRecords() {}

    /** Whether {@code path} of an Environment repository is an Application record. */
    public static boolean isRecord(String path) {
        return path.startsWith(FOLDER + "/") && path.endsWith(".yaml");
    }

    /** Where the record of Application {@code name} lives in the repository. */
    public static String path(String name) {
        return FOLDER + "/" + name + ".yaml";
    }

    public static byte[] write(ApplicationRecord record) {
        Map<String, Object> spec = new TreeMap<>();
        spec.put("blueprint", record.blueprint());
        spec.put("version", record.version());
        spec.put("values", record.values());
        if (!record.secrets().isEmpty()) {
            spec.put("secrets", record.secrets());
        }
        record.partOf().ifPresent(parent -> spec.put("partOf", parent));
        record.secretsRevision().ifPresent(revision -> spec.put("secretsRevision", revision));
        Map<String, Object> document = new TreeMap<>();
        document.put("apiVersion", API_VERSION);
        document.put("kind", KIND);
        document.put("metadata", Map.of("name", record.name()));
        document.put("spec", spec);
        return CanonicalYaml.write(document);
    }

    /**
     * Reads a record; {@code path} is only for messages. Unsafe or malformed YAML, unknown fields and invalid values
     * give an {@link IllegalArgumentException} naming the path and the field.
     */
    public static ApplicationRecord read(String path, byte[] yaml) {
        JsonNode root;
        try {
            root = new YamlReader().read(path, yaml).root();
        } catch (YamlReader.YamlException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Fields fields = new Fields(path);
        fields.object(root, "", TOP);
        fields.constant(root, "apiVersion", API_VERSION);
        fields.constant(root, "kind", KIND);
        JsonNode metadata = fields.object(root.path("metadata"), "metadata", METADATA);
        JsonNode spec = fields.object(root.path("spec"), "spec", SPEC);
        String name = fields.name(metadata, "name", "metadata.name");
        String blueprint = fields.text(spec, "blueprint", "spec.blueprint");
        String version = fields.text(spec, "version", "spec.version");
        Map<String, Object> values = spec.has("values")
                ? JsonValuesMapper.toMap(fields.object(spec.get("values"), "spec.values", null))
                : Map.of();
        List<String> secrets = fields.texts(spec.path("secrets"), "spec.secrets");
        Optional<String> partOf =
                spec.has("partOf") ? Optional.of(fields.name(spec, "partOf", "spec.partOf")) : Optional.empty();
        Optional<String> secretsRevision = spec.has("secretsRevision")
                ? Optional.of(fields.text(spec, "secretsRevision", "spec.secretsRevision"))
                : Optional.empty();
        try {
            return new ApplicationRecord(name, blueprint, version, values, secrets, partOf, secretsRevision);
        } catch (IllegalArgumentException e) {
            throw fields.invalid("", e.getMessage());
        }
    }

    /** Field checks whose errors name the file and the field. */
    private record Fields(String path) {
        JsonNode object(JsonNode node, String field, Set<String> allowed) {
            if (!node.isObject()) {
                throw invalid(field, node.isMissingNode() ? "is missing" : "must be a mapping");
            }
            if (allowed != null) {
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    String key = property.getKey();
                    if (!allowed.contains(key)) {
                        throw invalid(field.isEmpty() ? key : field + "." + key, "is not a field of an Application");
                    }
                }
            }
            return node;
        }

        void constant(JsonNode root, String field, String expected) {
            if (!expected.equals(root.path(field).asText(null))) {
                throw invalid(field, "must be '" + expected + "'");
            }
        }

        String text(JsonNode parent, String key, String field) {
            JsonNode node = parent.path(key);
            if (!node.isTextual() || node.asText().isBlank()) {
                throw invalid(field, node.isMissingNode() ? "is missing" : "must be a non-empty string");
            }
            return node.asText();
        }

        String name(JsonNode parent, String key, String field) {
            String name = text(parent, key, field);
            Names.problem(name).ifPresent(problem -> {
                throw invalid(field, problem);
            });
            return name;
        }

        List<String> texts(JsonNode node, String field) {
            if (node.isMissingNode()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw invalid(field, "must be a list of JSON pointers");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (!item.isTextual() || !item.asText().startsWith("/")) {
                    throw invalid(field + "[" + i + "]", "must be a JSON pointer such as /password");
                }
                out.add(item.asText());
            }
            return out;
        }

        IllegalArgumentException invalid(String field, String message) {
            return new IllegalArgumentException(path + ": " + (field.isEmpty() ? "" : field + ": ") + message);
        }
    }
}
