package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.environment.Names;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a Blueprint's {@code render} section (docs/blueprints.md, "Rendering"): that the Blueprint can be
 * installed at all, that every template expression matches the configSchema, and that the manifests render, with
 * the defaults, to objects with a kind and a valid, distinct name.
 */
final class RenderLinter {
    private static final String RENDER = "/spec/render";

    private RenderLinter() {}

    static List<Problem> lint(YamlDocument document, JsonNode spec) {
        List<Problem> problems = new ArrayList<>();
        JsonNode render = spec.path("render");
        boolean composite = spec.has("composite");
        boolean bootstrapOnly = spec.path("bootstrapOnly").asBoolean(false);
        if (render.isMissingNode()) {
            if (!composite && !bootstrapOnly && !spec.has("chart") && installable(spec)) {
                problems.add(document.problem(
                        "/spec",
                        "an Application Blueprint needs a chart or render.manifests, or Catalyst has nothing to"
                                + " install"));
            }
            return problems;
        }
        if (composite || bootstrapOnly) {
            problems.add(document.problem(
                    RENDER,
                    composite
                            ? "a composite Blueprint renders its members, not manifests of its own"
                            : "a bootstrap-only Blueprint is never installed on a cluster, so it renders nothing"));
            return problems;
        }
        JsonNode schema = spec.get("configSchema");
        if (render.has("values")) {
            if (!spec.has("chart")) {
                problems.add(document.problem(RENDER + "/values", "Helm values need a chart; this Blueprint has none"));
            }
            lintTemplate(document, RENDER + "/values", render.get("values"), schema, problems);
        }
        JsonNode manifests = render.path("manifests");
        for (int i = 0; i < manifests.size(); i++) {
            lintTemplate(document, RENDER + "/manifests/" + i, manifests.get(i), schema, problems);
        }
        if (problems.isEmpty()) {
            checkRendered(document, manifests, schema, problems);
        }
        return problems;
    }

    private static boolean installable(JsonNode spec) {
        for (JsonNode p : spec.path("placement")) {
            if (Placement.fromId(p.asText()).orElse(null) == Placement.APPLICATION) {
                return true;
            }
        }
        return false;
    }

    private static void lintTemplate(
            YamlDocument document, String base, JsonNode template, JsonNode schema, List<Problem> problems) {
        for (Templates.Violation v : Templates.lint(template, schema)) {
            problems.add(document.problem(base + v.pointer(), v.message()));
        }
    }

    /** Renders the manifests with the defaults: each needs a kind and a name, and no two may share both. */
    private static void checkRendered(YamlDocument document, JsonNode manifests, JsonNode schema, List<Problem> out) {
        JsonNode config = Defaults.apply(schema, JsonNodeFactory.instance.objectNode());
        Templates.Context context =
                new Templates.Context("example", "example", "org", "env", "0.0.0", "example-secrets", "", config);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < manifests.size(); i++) {
            String base = RENDER + "/manifests/" + i;
            JsonNode rendered;
            try {
                rendered = Templates.render(manifests.get(i), context);
            } catch (Templates.TemplateException e) {
                out.add(document.problem(base, e.getMessage()));
                continue;
            }
            String name = rendered.at("/metadata/name").asText("");
            Optional<String> problem = Names.problem(name);
            if (problem.isPresent()) {
                out.add(document.problem(base + "/metadata/name", "renders to '" + name + "', which " + problem.get()));
            }
            if (!seen.add(rendered.path("kind").asText() + "/" + name)) {
                out.add(document.problem(
                        base, "a second " + rendered.path("kind").asText() + " named '" + name + "'"));
            }
            if (!(rendered.path("metadata") instanceof ObjectNode)) {
                out.add(document.problem(base + "/metadata", "metadata must be a map"));
            }
        }
    }
}
