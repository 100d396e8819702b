package io.openova.catalyst.provisioning.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.Problem;
import io.openova.catalyst.catalog.Templates;
import io.openova.catalyst.catalog.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The catalog check that needs composition: every Blueprint installable as an Application is composed with its
 * defaults and every Flux object it renders to is validated against the Flux CRD schemas. A Blueprint that renders
 * invalid manifests is a Blueprint bug, caught by {@code catalyst blueprint lint} and at server start, never by a user.
 */
public final class ManifestLint {
    private static final EnvironmentRef LINT = new EnvironmentRef("lint", "lint");

    private ManifestLint() {}

    public static List<Problem> lint(Catalog catalog) {
        FluxSchemas schemas = FluxSchemas.bundled();
        Composer composer = new Composer(catalog);
        YamlReader yaml = new YamlReader();
        List<Problem> problems = new ArrayList<>();
        for (Blueprint blueprint : catalog.all()) {
            if (!blueprint.spec().placement().contains(Placement.APPLICATION)) {
                continue;
            }
            String file = catalog.fileOf(blueprint.name()).orElse(blueprint.name());
            String app = blueprint.name().length() > 20
                    ? blueprint.name().substring(0, 20).replaceAll("-+$", "")
                    : blueprint.name();
            SortedMap<String, byte[]> tree;
            try {
                ApplicationRecord record = new ApplicationRecord(
                        app, blueprint.name(), blueprint.spec().version(), Map.of(), List.of(), Optional.empty());
                tree = composer.compose(LINT, Composer.expand(catalog, record));
            } catch (CompositionException | Templates.TemplateException e) {
                problems.add(new Problem(file, 0, "spec", "cannot be composed with its defaults: " + e.getMessage()));
                continue;
            }
            tree.forEach((path, content) -> {
                if (path.startsWith(ApplicationRecords.FOLDER + "/")) {
                    return;
                }
                JsonNode object;
                try {
                    object = yaml.read(path, content).root();
                } catch (YamlReader.YamlException e) {
                    problems.add(
                            new Problem(file, 0, "spec", "composes an unreadable " + path + ": " + e.getMessage()));
                    return;
                }
                schemas.forType(
                                object.path("apiVersion").asText(),
                                object.path("kind").asText())
                        .ifPresent(crd -> crd.problems(object)
                                .forEach(p -> problems.add(new Problem(
                                        file,
                                        0,
                                        "spec",
                                        "composes " + path + " (" + crd.kind() + ") that fails the Flux schema: "
                                                + p))));
            });
        }
        return problems;
    }
}
