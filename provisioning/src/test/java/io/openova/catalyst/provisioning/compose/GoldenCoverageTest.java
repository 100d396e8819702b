package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.Category;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.catalog.Catalog;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The golden scenarios keep up with the catalog: every category with a Blueprint that renders to something, and every
 * composable composite.
 */
class GoldenCoverageTest {
    private static final EnvironmentRef ENV = new EnvironmentRef("acme", "prod");

    private static Set<String> blueprintsInScenarios() {
        Set<String> out = new TreeSet<>();
        for (Scenarios.Scenario scenario : Scenarios.all()) {
            scenario.records().forEach(r -> out.add(r.blueprint()));
        }
        return out;
    }

    @Test
    void shouldHaveAScenarioForEveryCategoryThatHasABlueprintThatRenders() {
        // Given
        Catalog catalog = Scenarios.catalog();
        Set<Category> rendering = catalog.all().stream()
                .filter(GoldenCoverageTest::renders)
                .map(b -> b.spec().category())
                .collect(Collectors.toCollection(TreeSet::new));

        // When
        Set<Category> covered = blueprintsInScenarios().stream()
                .map(name -> catalog.get(name).orElseThrow())
                .filter(GoldenCoverageTest::renders)
                .map(b -> b.spec().category())
                .collect(Collectors.toCollection(TreeSet::new));

        // Then
        assertThat(covered).containsAll(rendering);
    }

    private static boolean renders(Blueprint blueprint) {
        return blueprint.spec().chart().isPresent()
                || blueprint.spec().render().map(r -> !r.manifests().isEmpty()).orElse(false);
    }

    @Test
    void shouldHaveAScenarioForEveryCompositeWhoseMembersAllRender() {
        // Given
        Catalog catalog = Scenarios.catalog();
        Set<String> composable = new TreeSet<>();
        for (Blueprint composite : catalog.all()) {
            if (composite.spec().isComposite() && composes(catalog, composite)) {
                composable.add(composite.name());
            }
        }

        // When
        Set<String> covered = blueprintsInScenarios();

        // Then
        assertThat(composable).isNotEmpty();
        assertThat(covered).containsAll(composable);
    }

    private static boolean composes(Catalog catalog, Blueprint composite) {
        try {
            new Composer(catalog)
                    .compose(
                            ENV,
                            Composer.expand(
                                    catalog,
                                    ApplicationRecord.of(
                                            "x",
                                            composite.name(),
                                            composite.spec().version())));
            return true;
        } catch (CompositionException e) {
            return false;
        }
    }
}
