package io.openova.catalyst.provisioning.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.openova.catalyst.catalog.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The storage-version {@code openAPIV3Schema} of every Flux CRD in {@code shared/schemas/flux/}, compiled as JSON
 * Schema draft 4 (the dialect OpenAPI v3 schemas are based on; the {@code x-kubernetes-*} extensions are
 * annotations).
 *
 * <p>The schemas are made as strict as the Kubernetes API server is: it drops every field a structural schema does
 * not declare (and {@code kubectl apply --validate=strict} rejects them), so every object schema that lists
 * {@code properties} and neither allows {@code additionalProperties} nor preserves unknown fields here gets
 * {@code additionalProperties: false}. A misspelt field is an error, not a silent no-op.
 */
public final class FluxSchemas {
    /** The CRD files bundled with Catalyst (copies of the upstream files listed in their SOURCE.md). */
    public static final List<String> FILES = List.of(
            "helm.toolkit.fluxcd.io_helmreleases.yaml",
            "kustomize.toolkit.fluxcd.io_kustomizations.yaml",
            "source.toolkit.fluxcd.io_gitrepositories.yaml",
            "source.toolkit.fluxcd.io_helmcharts.yaml",
            "source.toolkit.fluxcd.io_helmrepositories.yaml",
            "source.toolkit.fluxcd.io_ocirepositories.yaml");

    private static final String RESOURCES = "flux/";

    private static final List<String> EXTENSIONS = List.of(
            "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-int-or-string",
            "x-kubernetes-embedded-resource",
            "x-kubernetes-validations",
            "x-kubernetes-list-type",
            "x-kubernetes-list-map-keys",
            "x-kubernetes-map-type",
            "nullable");
    private static final JsonMetaSchema OPENAPI = JsonMetaSchema.builder(JsonMetaSchema.getV4())
            .keywords(EXTENSIONS.stream().map(NonValidationKeyword::new).toList())
            .build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V4, builder -> builder.metaSchema(OPENAPI).defaultMetaSchemaIri(OPENAPI.getIri()));
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();

    /** A CRD's storage version: the apiVersion and kind it serves, its strict schema. */
    public record Crd(String file, String apiVersion, String kind, JsonSchema schema) {
        /** Every problem of {@code object} against the schema, as {@code pointer: message}, sorted. */
        public Set<String> problems(JsonNode object) {
            Set<String> out = new TreeSet<>();
            for (ValidationMessage m : schema.validate(object)) {
                out.add(m.getInstanceLocation() + ": " + m.getMessage());
            }
            return out;
        }
    }

    private final Map<String, Crd> byType;

    private FluxSchemas(Map<String, Crd> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** The CRDs bundled in this module. */
    public static FluxSchemas bundled() {
        Map<String, Crd> byType = new TreeMap<>();
        for (String file : FILES) {
            try (InputStream in = FluxSchemas.class.getResourceAsStream(RESOURCES + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCES + file);
                }
                Crd crd = read(file, in.readAllBytes());
                byType.put(crd.apiVersion() + "/" + crd.kind(), crd);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new FluxSchemas(byType);
    }

    /** The CRDs of every {@code *.yaml} file in {@code folder}. */
    public static FluxSchemas fromFolder(Path folder) {
        Map<String, Crd> byType = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Crd crd = read(file.getFileName().toString(), Files.readAllBytes(file));
                byType.put(crd.apiVersion() + "/" + crd.kind(), crd);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FluxSchemas(byType);
    }

    public Optional<Crd> forType(String apiVersion, String kind) {
        return Optional.ofNullable(byType.get(apiVersion + "/" + kind));
    }

    public Set<String> types() {
        return new TreeSet<>(byType.keySet());
    }

    private static Crd read(String file, byte[] content) {
        JsonNode crd;
        try {
            crd = new YamlReader().read(file, content).root();
        } catch (YamlReader.YamlException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        JsonNode spec = crd.path("spec");
        JsonNode storage = null;
        for (JsonNode version : spec.path("versions")) {
            if (version.path("storage").asBoolean(false)) {
                storage = version;
            }
        }
        if (storage == null) {
            throw new IllegalStateException(file + " has no storage version");
        }
        ObjectNode schema = storage.path("schema").path("openAPIV3Schema").deepCopy();
        strict(schema);
        String apiVersion =
                spec.path("group").asText() + "/" + storage.path("name").asText();
        return new Crd(file, apiVersion, spec.path("names").path("kind").asText(), FACTORY.getSchema(schema, CONFIG));
    }

    /** Closes every object schema that declares its properties, as the API server's pruning does. */
    private static void strict(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            boolean declares = object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (declares) {
                object.put("additionalProperties", false);
            }
        }
        schema.forEach(FluxSchemas::strict);
    }
}
