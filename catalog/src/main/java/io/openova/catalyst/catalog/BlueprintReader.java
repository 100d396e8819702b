package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.BlueprintSpec;
import io.openova.catalyst.api.blueprint.Category;
import io.openova.catalyst.api.blueprint.ChartRef;
import io.openova.catalyst.api.blueprint.Composite;
import io.openova.catalyst.api.blueprint.CompositeMember;
import io.openova.catalyst.api.blueprint.Gpu;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.blueprint.Provenance;
import io.openova.catalyst.api.blueprint.Render;
import io.openova.catalyst.api.blueprint.Replication;
import io.openova.catalyst.api.blueprint.ResourceEstimate;
import io.openova.catalyst.api.blueprint.Upstream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one {@code blueprint.yaml} into a {@link Blueprint}: YAML read defensively, checked against the Blueprint
 * schema, then the checks a schema cannot express (license, configSchema, provenance). A file with any problem
 * yields no Blueprint at all.
 */
public final class BlueprintReader {
    private final YamlReader yaml = new YamlReader();

    /** What reading one file gave: a Blueprint, or the problems that kept it out. */
    public sealed interface Result permits Read, Rejected {}

    public record Read(Blueprint blueprint, YamlDocument document) implements Result {}

    public record Rejected(List<Problem> problems) implements Result {
        public Rejected {
            problems = List.copyOf(problems);
        }
    }

    /**
     * @param file the path shown in messages
     * @param folder the Blueprint's folder name, which must equal {@code metadata.name}
     */
    public Result read(String file, String folder, byte[] content) {
        YamlDocument document;
        try {
            document = yaml.read(file, content);
        } catch (YamlReader.YamlException e) {
            return new Rejected(List.of(e.problem()));
        }
        JsonNode root = document.root();
        List<Problem> problems = new ArrayList<>();
        for (JsonSchemas.Violation v : JsonSchemas.validate(JsonSchemas.blueprintSchema(), root)) {
            problems.add(document.problem(v.pointer(), v.message()));
        }
        if (!problems.isEmpty()) {
            return new Rejected(problems);
        }
        JsonNode spec = root.get("spec");
        String name = root.at("/metadata/name").asText();
        if (!name.equals(folder)) {
            problems.add(document.problem(
                    "/metadata/name", "'" + name + "' must equal the name of its folder '" + folder + "'"));
        }
        if ("openova".equals(spec.path("provenance").asText()) && spec.has("upstream")) {
            problems.add(document.problem(
                    "/spec/upstream",
                    "OpenOva's own software has no upstream project; remove it or set provenance: upstream"));
        }
        if (spec.path("bootstrapOnly").asBoolean(false) && spec.has("chart")) {
            problems.add(document.problem(
                    "/spec/chart", "a bootstrap-only Blueprint is never installed on a cluster, so it has no chart"));
        }
        if (spec.has("composite") && spec.has("chart")) {
            problems.add(document.problem(
                    "/spec/chart", "a composite Blueprint installs its members, not a chart of its own"));
        }
        if (spec.path("tenantReachable").asBoolean(false) && !placements(spec).contains(Placement.CONTROL_PLANE)) {
            problems.add(document.problem(
                    "/spec/tenantReachable", "only a control-plane Blueprint can be reachable by Organizations"));
        }
        Licenses.Expression license = null;
        try {
            license = Licenses.parse(spec.get("license").asText());
        } catch (Licenses.InvalidLicenseException e) {
            problems.add(document.problem("/spec/license", e.getMessage()));
        }
        if (license != null && !license.openSource() && placements(spec).contains(Placement.CONTROL_PLANE)) {
            problems.add(document.problem(
                    "/spec/license",
                    "'" + license.text() + "' is not an OSI-approved open-source license; the control plane never"
                            + " bundles BSL or other non-open software (spec §11)"));
        }
        problems.addAll(ConfigSchemaLinter.lint(document, "/spec/configSchema", spec.get("configSchema")));
        if (problems.isEmpty()) {
            problems.addAll(RenderLinter.lint(document, spec));
        }
        if (!problems.isEmpty()) {
            return new Rejected(problems);
        }
        return new Read(toBlueprint(root), document);
    }

    private static Set<Placement> placements(JsonNode spec) {
        Set<Placement> out = EnumSet.noneOf(Placement.class);
        spec.path("placement").forEach(p -> Placement.fromId(p.asText()).ifPresent(out::add));
        return out;
    }

    private static Blueprint toBlueprint(JsonNode root) {
        JsonNode spec = root.get("spec");
        Map<String, String> labels = new LinkedHashMap<>();
        root.at("/metadata/labels")
                .properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        BlueprintSpec blueprintSpec = new BlueprintSpec(
                spec.get("displayName").asText(),
                spec.get("summary").asText(),
                text(spec, "description"),
                spec.get("version").asText(),
                Category.fromId(spec.get("category").asText()).orElseThrow(),
                placements(spec),
                spec.path("tenantReachable").asBoolean(false),
                spec.path("bootstrapOnly").asBoolean(false),
                spec.get("license").asText(),
                Provenance.fromId(spec.get("provenance").asText()).orElseThrow(),
                optional(spec, "upstream")
                        .map(u -> new Upstream(
                                u.get("project").asText(), u.get("url").asText(), text(u, "docs"))),
                optional(spec, "chart")
                        .map(c -> new ChartRef(
                                c.get("repository").asText(),
                                c.get("name").asText(),
                                c.get("version").asText())),
                optional(spec, "render")
                        .map(r -> new Render(
                                optional(r, "values").map(JsonValuesMapper::toMap),
                                r.has("manifests")
                                        ? java.util.stream.StreamSupport.stream(
                                                        r.get("manifests").spliterator(), false)
                                                .map(JsonValuesMapper::toMap)
                                                .toList()
                                        : List.of())),
                optional(spec, "resources").map(BlueprintReader::resources),
                optional(spec, "replication")
                        .map(r -> new Replication(r.get("method").asText(), text(r, "description"))),
                strings(spec.path("dependsOn")),
                optional(spec, "composite").map(BlueprintReader::composite),
                JsonValuesMapper.toMap(spec.get("configSchema")),
                strings(spec.path("keywords")));
        return new Blueprint(root.at("/metadata/name").asText(), labels, blueprintSpec);
    }

    private static ResourceEstimate resources(JsonNode r) {
        return new ResourceEstimate(
                r.path("replicas").asInt(1),
                text(r, "cpu"),
                r.get("memory").asText(),
                optional(r, "gpu")
                        .map(g -> new Gpu(g.get("count").asInt(), g.get("model").asText())),
                ResourceEstimate.Scope.fromId(r.path("scope").asText("per-install"))
                        .orElseThrow(),
                text(r, "source"));
    }

    private static Composite composite(JsonNode c) {
        List<CompositeMember> members = new ArrayList<>();
        for (JsonNode m : c.get("members")) {
            members.add(new CompositeMember(
                    m.get("blueprint").asText(), m.has("config") ? JsonValuesMapper.toMap(m.get("config")) : Map.of()));
        }
        return new Composite(members);
    }

    private static Optional<JsonNode> optional(JsonNode node, String field) {
        return Optional.ofNullable(node.get(field)).filter(n -> !n.isNull());
    }

    private static Optional<String> text(JsonNode node, String field) {
        return optional(node, field).map(JsonNode::asText);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
