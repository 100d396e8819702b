package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.CatalogLoader;
import io.openova.catalyst.catalog.Defaults;
import io.openova.catalyst.catalog.DirectoryBlueprintSource;
import io.openova.catalyst.catalog.JsonSchemas;
import io.openova.catalyst.catalog.JsonValuesMapper;
import io.openova.catalyst.catalog.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * The golden scenarios of {@code src/test/resources/compose/}: each folder holds {@code in-apps.yaml} (the
 * Environment and the Applications a user installed) and {@code out/} (the repository tree composed from them).
 */
final class Scenarios {
    static final Path ROOT = Path.of("src", "test", "resources", "compose");
    static final Path BLUEPRINTS = Path.of("..", "blueprints");

    private static volatile Catalog catalog;

    private Scenarios() {}

    /** The built-in catalog, loaded once. */
    static Catalog catalog() {
        Catalog c = catalog;
        if (c == null) {
            synchronized (Scenarios.class) {
                c = catalog;
                if (c == null) {
                    try {
                        c = new CatalogLoader()
                                .load(List.of(new DirectoryBlueprintSource("builtin", BLUEPRINTS)))
                                .catalog();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    catalog = c;
                }
            }
        }
        return c;
    }

    static List<Scenario> all() {
        try (Stream<Path> folders = Files.list(ROOT)) {
            return folders.filter(f -> Files.isRegularFile(f.resolve("in-apps.yaml")))
                    .sorted()
                    .map(Scenarios::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One scenario: the Environment and what was installed in it, as the user asked (composites not expanded). */
    record Scenario(String name, Path folder, EnvironmentRef env, List<ApplicationRecord> installed) {
        Path out() {
            return folder.resolve("out");
        }

        /** Every Application record of the Environment: the installed ones with their composites expanded. */
        List<ApplicationRecord> records() {
            List<ApplicationRecord> out = new ArrayList<>();
            for (ApplicationRecord app : installed) {
                out.addAll(Composer.expand(catalog(), app));
            }
            return out;
        }

        SortedMap<String, byte[]> compose() {
            return new Composer(catalog()).compose(env, records());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Scenario read(Path folder) {
        Path file = folder.resolve("in-apps.yaml");
        JsonNode root;
        try {
            root = new YamlReader()
                    .read(file.toString(), Files.readAllBytes(file))
                    .root();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (YamlReader.YamlException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        EnvironmentRef env = new EnvironmentRef(
                root.path("environment").path("org").asText(),
                root.path("environment").path("env").asText());
        List<ApplicationRecord> apps = new ArrayList<>();
        for (JsonNode app : root.path("applications")) {
            List<String> secrets = new ArrayList<>();
            app.path("secrets").forEach(s -> secrets.add(s.asText()));
            ApplicationRecord record = new ApplicationRecord(
                    app.path("name").asText(),
                    app.path("blueprint").asText(),
                    app.path("version").asText(),
                    app.has("values") ? JsonValuesMapper.toMap(app.get("values")) : Map.of(),
                    secrets,
                    Optional.empty());
            requireValidConfig(file, record);
            apps.add(record);
        }
        return new Scenario(folder.getFileName().toString(), folder, env, List.copyOf(apps));
    }

    /** A scenario installs only configs a user could install: valid against the Blueprint's configSchema. */
    private static void requireValidConfig(Path file, ApplicationRecord app) {
        Blueprint blueprint = catalog().get(app.blueprint()).orElseThrow();
        JsonNode schema = JsonValuesMapper.toNode(blueprint.spec().configSchema());
        JsonNode effective = Defaults.apply(schema, (ObjectNode) JsonValuesMapper.toNode(app.values()));
        assertThat(JsonSchemas.validate(JsonSchemas.compile(schema), effective))
                .as("config of '%s' in %s", app.name(), file)
                .isEmpty();
    }
}
