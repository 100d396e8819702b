package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * JSON Schema 2020-12 as Catalyst uses it: the {@code x-} UI hints are known annotation keywords, formats are
 * asserted, locations are JSON pointers. Schemas given by users may only {@code $ref} inside themselves (checked by
 * {@link ConfigSchemaLinter} before they reach here), so nothing is ever fetched from the network.
 */
public final class JsonSchemas {
    /** The UI hints a configSchema may carry; annotations only, they never change what validates. */
    public static final Set<String> UI_HINTS = Set.of("x-order", "x-group", "x-widget", "x-secret", "x-common");

    public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonMetaSchema META_SCHEMA = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
            .keywords(UI_HINTS.stream().map(NonValidationKeyword::new).toList())
            .build();
    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.metaSchema(META_SCHEMA)
                    .defaultMetaSchemaIri(META_SCHEMA.getIri()));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .build();

    private static final JsonSchema META = FACTORY.getSchema(SchemaLocation.of(DRAFT_2020_12), CONFIG);
    private static final JsonSchema BLUEPRINT = load("blueprint.schema.json");

    private JsonSchemas() {}

    /** One validation failure: where in the instance (a JSON pointer) and what is wrong. */
    public record Violation(String pointer, String message) {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JsonSchema blueprintSchema() {
        return BLUEPRINT;
    }

    /** Compiles a schema (already checked to be self-contained). */
    public static JsonSchema compile(JsonNode schema) {
        return FACTORY.getSchema(schema, CONFIG);
    }

    /** Problems that make {@code schema} not a valid 2020-12 schema, found with the official meta-schema. */
    public static List<Violation> checkAgainstMetaSchema(JsonNode schema) {
        return validate(META, schema);
    }

    public static List<Violation> validate(JsonSchema schema, JsonNode instance) {
        Set<ValidationMessage> messages = schema.validate(instance);
        List<Violation> out = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            out.add(toViolation(m));
        }
        out.sort(Comparator.comparing(Violation::pointer).thenComparing(Violation::message));
        return out;
    }

    /**
     * Follows local {@code $ref}s from {@code schema} within {@code root} (configSchemas only have those, the linter
     * sees to it); a schema with properties of its own is returned as it is.
     */
    public static JsonNode resolveLocalRef(JsonNode root, JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; hops < 32 && current.has("$ref") && !current.has("properties"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#")) {
                return current;
            }
            JsonNode target = root.at(Pointers.decodeFragment(ref.substring(1)));
            if (target.isMissingNode()) {
                return current;
            }
            current = target;
        }
        return current;
    }

    private static Violation toViolation(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        String pointer = location.equals("/") ? "" : location;
        String type = m.getType();
        String property = m.getProperty();
        if ("additionalProperties".equals(type) || "unevaluatedProperties".equals(type)) {
            return new Violation(Pointers.child(pointer, property), "unknown field '" + property + "'");
        }
        if ("required".equals(type)) {
            return new Violation(pointer, "missing required field '" + property + "'");
        }
        String message = m.getMessage();
        if (message.startsWith(location + ": ")) {
            message = message.substring(location.length() + 2);
        }
        return new Violation(pointer, message);
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return FACTORY.getSchema(MAPPER.readTree(in), CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
