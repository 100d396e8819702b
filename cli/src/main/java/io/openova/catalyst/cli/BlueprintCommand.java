package io.openova.catalyst.cli;

import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.BlueprintSpec;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.blueprint.ResourceEstimate;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.CatalogLoader;
import io.openova.catalyst.catalog.DirectoryBlueprintSource;
import io.openova.catalyst.catalog.Problem;
import io.openova.catalyst.provisioning.compose.ManifestLint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "blueprint",
        mixinStandardHelpOptions = true,
        description = "Check and browse a catalog of Blueprints.",
        subcommands = {BlueprintCommand.Lint.class, BlueprintCommand.ListBlueprints.class, BlueprintCommand.Show.class})
final class BlueprintCommand {

    static final String DEFAULT_CATALOG = "blueprints";

    /** Loads a folder of Blueprints; a missing folder is a one-line error, not a stack trace. */
    static CatalogLoader.LoadResult load(Path path) throws IOException {
        try {
            return new CatalogLoader().load(List.of(new DirectoryBlueprintSource("local", path)));
        } catch (FileSystemException e) {
            throw new IOException(path + ": " + (e.getReason() == null ? "cannot read it" : e.getReason()), e);
        }
    }

    @Command(
            name = "lint",
            mixinStandardHelpOptions = true,
            description = {
                "Validate a catalog folder: one line per problem, exit 1 if there is any.",
                "Checks YAML, the Blueprint schema, configSchema (JSON Schema 2020-12, x- UI hints, defaults),",
                "SPDX licenses and the control-plane license posture, dependencies, cycles, composites, placement,",
                "and that every installable Blueprint composes to manifests that pass the Flux CRD schemas."
            })
    static final class Lint implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "PATH",
                description = "Catalog folder (default: ${DEFAULT-VALUE}).")
        Path path = Path.of(DEFAULT_CATALOG);

        @Option(names = "--quiet", description = "Print only problems, no summary line.")
        boolean quiet;

        @Override
        public Integer call() throws IOException {
            CatalogLoader.LoadResult result = load(path);
            List<Problem> manifests = ManifestLint.lint(result.catalog());
            List<Problem> problems = new ArrayList<>(result.problems());
            problems.addAll(manifests);
            problems.sort(null);
            PrintWriter out = spec.commandLine().getOut();
            for (Problem problem : problems) {
                out.println(problem.format());
            }
            long valid = result.catalog().size()
                    - manifests.stream().map(Problem::file).distinct().count();
            if (!quiet) {
                PrintWriter summary =
                        problems.isEmpty() ? out : spec.commandLine().getErr();
                summary.println(valid + " Blueprints valid, " + problems.size()
                        + (problems.size() == 1 ? " problem" : " problems"));
            }
            return problems.isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the Blueprints of a catalog.")
    static final class ListBlueprints implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--catalog", paramLabel = "PATH", description = "Catalog folder (default: ${DEFAULT-VALUE}).")
        Path path = Path.of(DEFAULT_CATALOG);

        @Override
        public Integer call() throws IOException {
            CatalogLoader.LoadResult result = load(path);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-24s %-18s %-30s %-24s %s%n", "NAME", "CATEGORY", "PLACEMENT", "LICENSE", "VERSION");
            for (Blueprint b : result.catalog().all()) {
                BlueprintSpec s = b.spec();
                out.printf(
                        "%-24s %-18s %-30s %-24s %s%n",
                        b.name(),
                        s.category().id(),
                        s.placements().stream().map(Placement::id).collect(Collectors.joining(",")),
                        s.license(),
                        s.version());
            }
            return warnAboutProblems(spec, result);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one Blueprint and what it needs.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Blueprint name.")
        String name;

        @Option(names = "--catalog", paramLabel = "PATH", description = "Catalog folder (default: ${DEFAULT-VALUE}).")
        Path path = Path.of(DEFAULT_CATALOG);

        @Override
        public Integer call() throws IOException {
            CatalogLoader.LoadResult result = load(path);
            Catalog catalog = result.catalog();
            Blueprint b = catalog.get(name).orElse(null);
            if (b == null) {
                spec.commandLine().getErr().println("catalyst: no Blueprint named '" + name + "' in " + path);
                return ExitCodes.ERROR;
            }
            PrintWriter out = spec.commandLine().getOut();
            BlueprintSpec s = b.spec();
            row(out, "Name", b.name());
            row(out, "Display name", s.displayName());
            row(out, "Summary", s.summary());
            row(out, "Version", s.version());
            if (catalog.versions(name).size() > 1) {
                row(out, "Versions", String.join(", ", catalog.versions(name)));
            }
            row(out, "Category", s.category().id() + " (" + s.category().title() + ")");
            row(out, "Placement", s.placements().stream().map(Placement::id).collect(Collectors.joining(", ")));
            row(out, "License", s.license());
            row(out, "Provenance", s.provenance().id());
            s.upstream().ifPresent(u -> row(out, "Upstream", u.project() + " <" + u.url() + ">"));
            s.chart().ifPresent(c -> row(out, "Chart", c.repository() + " " + c.name() + " " + c.version()));
            s.resources().ifPresent(r -> row(out, "Resources", resources(r)));
            s.replication().ifPresent(r -> row(out, "Replication", r.method()));
            if (s.bootstrapOnly()) {
                row(out, "Bootstrap only", "yes");
            }
            if (!s.dependsOn().isEmpty()) {
                row(out, "Depends on", String.join(", ", s.dependsOn()));
            }
            s.composite().ifPresent(c -> row(out, "Members", String.join(", ", c.memberNames())));
            List<String> closure = catalog.closure(b.name()).stream()
                    .map(Catalog.ClosureStep::blueprint)
                    .toList();
            row(out, "Install order", String.join(" -> ", closure));
            return warnAboutProblems(spec, result);
        }

        private static String resources(ResourceEstimate r) {
            StringBuilder text = new StringBuilder();
            text.append(r.replicas()).append(" x ").append(r.memory());
            r.cpu().ifPresent(cpu -> text.append(", ").append(cpu).append(" CPU"));
            r.gpu()
                    .ifPresent(g ->
                            text.append(", ").append(g.count()).append(" x ").append(g.model()));
            if (r.scope() != ResourceEstimate.Scope.PER_INSTALL) {
                text.append(" ").append(r.scope().id());
            }
            return text.toString();
        }

        private static void row(PrintWriter out, String label, String value) {
            out.printf("%-15s %s%n", label + ":", value);
        }
    }

    private static int warnAboutProblems(CommandSpec spec, CatalogLoader.LoadResult result) {
        if (!result.ok()) {
            spec.commandLine()
                    .getErr()
                    .println("catalyst: warning: " + result.problems().size()
                            + " problems in the catalog; run 'catalyst blueprint lint' for details");
        }
        return ExitCodes.OK;
    }
}
