package io.openova.catalyst.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlueprintCommandTest {
    private static final String CATALOG = "../blueprints";
    private static final String BROKEN = "src/test/resources/broken";

    /** What one run of the command line printed, and its exit code. */
    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run catalyst(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void shouldExitZeroWhenLintingTheRealCatalog() {
        Run run = catalyst("blueprint", "lint", CATALOG);

        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).containsExactly("83 Blueprints valid, 0 problems");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldPrintOneLinePerProblemAndExitOneWhenTheCatalogIsBroken() {
        Run run = catalyst("blueprint", "lint", BROKEN);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.outLines())
                .containsExactly(
                        BROKEN + "/bad-license/blueprint.yaml:11: spec.license: 'BUSL-1.1' is not an OSI-approved"
                                + " open-source license; the control plane never bundles BSL or other non-open software"
                                + " (spec §11)",
                        BROKEN
                                + "/dup-key/blueprint.yaml:8: spec: invalid YAML: duplicate key 'summary' (first at line 7)",
                        BROKEN + "/needs-foo/blueprint.yaml:15: spec.dependsOn[1]: dependsOn 'foo' does not exist");
        assertThat(run.errLines()).containsExactly("1 Blueprints valid, 3 problems");
    }

    @Test
    void shouldPrintOnlyProblemsWhenQuiet() {
        Run run = catalyst("blueprint", "lint", "--quiet", BROKEN);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.outLines()).hasSize(3);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldFailWithOneReadableLineWhenTheFolderDoesNotExist() {
        Run run = catalyst("blueprint", "lint", "does/not/exist");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("catalyst: does/not/exist: no such folder");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldFailWithOneReadableLineWhenThePathIsAFile() {
        Run run = catalyst("blueprint", "lint", CATALOG + "/cnpg/blueprint.yaml");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("catalyst: " + CATALOG + "/cnpg/blueprint.yaml: not a folder");
    }

    @Test
    void shouldExitTwoAndPointToHelpWhenTheSubcommandIsUnknown() {
        Run run = catalyst("blueprint", "lnt");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines())
                .containsExactly(
                        "catalyst: Unmatched argument at index 1: 'lnt'",
                        "Try 'catalyst blueprint --help' for more information.");
    }

    @Test
    void shouldListEveryBlueprintWithItsCategoryPlacementAndLicense() {
        Run run = catalyst("blueprint", "list", "--catalog", CATALOG);

        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).hasSize(84);
        assertThat(run.outLines().getFirst()).startsWith("NAME").contains("CATEGORY", "PLACEMENT", "LICENSE");
        assertThat(run.outLines()).anySatisfy(line -> assertThat(line.split("\\s+"))
                .containsExactly("openbao", "security", "control-plane", "MPL-2.0", "1.0.0"));
    }

    @Test
    void shouldWarnOnStderrWhenListingABrokenCatalog() {
        Run run = catalyst("blueprint", "list", "--catalog", BROKEN);

        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).hasSize(2);
        assertThat(run.errLines())
                .containsExactly(
                        "catalyst: warning: 3 problems in the catalog; run 'catalyst blueprint lint' for details");
    }

    @Test
    void shouldShowABlueprintWithItsReplicationAndInstallOrder() {
        Run run = catalyst("blueprint", "show", "ferretdb", "--catalog", CATALOG);

        assertThat(run.exit()).isZero();
        assertThat(run.outLines())
                .contains("Name:           ferretdb", "Depends on:     cnpg", "Install order:  cnpg -> ferretdb")
                .anySatisfy(line -> assertThat(line).startsWith("Replication:").contains("CNPG WAL"));
    }

    @Test
    void shouldListEveryVersionNewestFirstWhenABlueprintHasEarlierVersions() {
        // When
        Run run = catalyst("blueprint", "show", "valkey", "--catalog", CATALOG);

        // Then
        assertThat(run.exit()).isZero();
        assertThat(run.outLines()).contains("Version:        1.0.0", "Versions:       1.0.0, 0.9.0");
    }

    @Test
    void shouldShowTheMembersOfAComposite() {
        Run run = catalyst("blueprint", "show", "bp-relay", "--catalog", CATALOG);

        assertThat(run.exit()).isZero();
        assertThat(run.outLines())
                .anySatisfy(line ->
                        assertThat(line).startsWith("Members:").contains("stalwart", "livekit", "stunner", "matrix"));
    }

    @Test
    void shouldFailWithOneLineWhenShowingAnUnknownBlueprint() {
        Run run = catalyst("blueprint", "show", "nope", "--catalog", CATALOG);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.errLines()).containsExactly("catalyst: no Blueprint named 'nope' in " + CATALOG);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldPrintTheVersion() {
        Run run = catalyst("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("catalyst ");
    }
}
