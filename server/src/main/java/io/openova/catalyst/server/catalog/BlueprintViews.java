package io.openova.catalyst.server.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.BlueprintSpec;
import io.openova.catalyst.api.blueprint.ChartRef;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.blueprint.ResourceEstimate;
import io.openova.catalyst.catalog.Catalog;
import java.util.List;
import java.util.Map;

/** The JSON shapes of catalog-svc: a summary for lists, the full detail for one Blueprint. */
public final class BlueprintViews {
    private BlueprintViews() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(
            String name,
            String displayName,
            String summary,
            String version,
            String category,
            List<String> placement,
            String license,
            String provenance,
            boolean composite,
            boolean bootstrapOnly,
            ChartView chart,
            ResourcesView resources,
            String replication,
            List<String> dependsOn,
            List<String> keywords) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(
            String name,
            String displayName,
            String summary,
            String description,
            String version,
            List<String> versions,
            CategoryView category,
            List<String> placement,
            boolean tenantReachable,
            boolean bootstrapOnly,
            String license,
            String provenance,
            UpstreamView upstream,
            ChartView chart,
            ResourcesView resources,
            ReplicationView replication,
            List<String> dependsOn,
            List<String> dependents,
            List<MemberView> members,
            List<Catalog.ClosureStep> closure,
            List<String> keywords,
            Map<String, Object> configSchema) {}

    public record CategoryView(String id, String title) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UpstreamView(String project, String url, String docs) {}

    public record ChartView(String repository, String name, String version) {
        static ChartView of(ChartRef chart) {
            return new ChartView(chart.repository(), chart.name(), chart.version());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResourcesView(
            int replicas, String cpu, String memory, GpuView gpu, String scope, long totalMemoryBytes, String source) {
        static ResourcesView of(ResourceEstimate r) {
            return new ResourcesView(
                    r.replicas(),
                    r.cpu().orElse(null),
                    r.memory(),
                    r.gpu().map(g -> new GpuView(g.count(), g.model())).orElse(null),
                    r.scope().id(),
                    r.totalMemoryBytes(),
                    r.source().orElse(null));
        }
    }

    public record GpuView(int count, String model) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReplicationView(String method, String description) {}

    public record MemberView(String blueprint, Map<String, Object> config) {}

    public static Summary summary(Blueprint b) {
        BlueprintSpec s = b.spec();
        return new Summary(
                b.name(),
                s.displayName(),
                s.summary(),
                s.version(),
                s.category().id(),
                placements(s),
                s.license(),
                s.provenance().id(),
                s.isComposite(),
                s.bootstrapOnly(),
                s.chart().map(ChartView::of).orElse(null),
                s.resources().map(ResourcesView::of).orElse(null),
                s.replication().map(r -> r.method()).orElse(null),
                s.dependsOn(),
                s.keywords());
    }

    /**
     * Everything about one version of a Blueprint (the current one or an earlier one): {@code versions} lists every
     * version the catalog has, newest first; {@code closure} is what this version needs.
     */
    public static Detail detail(Blueprint b, Catalog catalog) {
        BlueprintSpec s = b.spec();
        return new Detail(
                b.name(),
                s.displayName(),
                s.summary(),
                s.description().orElse(null),
                s.version(),
                catalog.versions(b.name()),
                new CategoryView(s.category().id(), s.category().title()),
                placements(s),
                s.tenantReachable(),
                s.bootstrapOnly(),
                s.license(),
                s.provenance().id(),
                s.upstream()
                        .map(u ->
                                new UpstreamView(u.project(), u.url(), u.docs().orElse(null)))
                        .orElse(null),
                s.chart().map(ChartView::of).orElse(null),
                s.resources().map(ResourcesView::of).orElse(null),
                s.replication()
                        .map(r ->
                                new ReplicationView(r.method(), r.description().orElse(null)))
                        .orElse(null),
                s.dependsOn(),
                catalog.dependents(b.name()),
                s.composite()
                        .map(c -> c.members().stream()
                                .map(m -> new MemberView(m.blueprint(), m.config()))
                                .toList())
                        .orElse(null),
                catalog.closure(b),
                s.keywords(),
                s.configSchema());
    }

    private static List<String> placements(BlueprintSpec s) {
        return s.placements().stream().map(Placement::id).toList();
    }
}
