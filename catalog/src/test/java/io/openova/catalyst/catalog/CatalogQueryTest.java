package io.openova.catalyst.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.Category;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.blueprint.ResourceEstimate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogQueryTest {
    private static final int TOTAL = SpecComponents.ALL.size();

    private final Catalog catalog = BuiltInBlueprints.catalog();

    private static CatalogQuery text(String text) {
        return new CatalogQuery(
                Optional.of(text),
                Set.of(),
                Set.of(),
                Set.of(),
                CatalogQuery.Sort.RELEVANCE,
                1,
                CatalogQuery.MAX_PAGE_SIZE);
    }

    private static CatalogQuery sorted(CatalogQuery.Sort sort) {
        return new CatalogQuery(Optional.empty(), Set.of(), Set.of(), Set.of(), sort, 1, CatalogQuery.MAX_PAGE_SIZE);
    }

    private static List<String> names(Page<Blueprint> page) {
        return page.items().stream().map(Blueprint::name).toList();
    }

    @Test
    void shouldFindCnpgFirstForPostgres() throws Exception {
        // Given
        CatalogQuery query = text("postgres");

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then
        assertThat(names(page)).first().isEqualTo("cnpg");
        assertThat(names(page)).contains("ferretdb");
    }

    @Test
    void shouldFindStrimziFirstForKafka() throws Exception {
        // Given
        CatalogQuery query = text("Kafka");

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then
        assertThat(names(page)).first().isEqualTo("strimzi");
    }

    @Test
    void shouldRankExactNameAboveEverythingElse() throws Exception {
        // Given
        CatalogQuery query = text("keycloak");

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then
        assertThat(names(page)).first().isEqualTo("keycloak");
        assertThat(page.totalItems()).isGreaterThan(1);
    }

    @Test
    void shouldRequireEveryTokenToMatch() throws Exception {
        // Given
        Set<String> postgres = new HashSet<>(names(catalog.query(text("postgres"))));
        Set<String> mongodb = new HashSet<>(names(catalog.query(text("mongodb"))));
        postgres.retainAll(mongodb);

        // When
        Page<Blueprint> both = catalog.query(text("postgres, MongoDB"));

        // Then
        assertThat(names(both)).containsExactlyInAnyOrderElementsOf(postgres);
        assertThat(names(both)).first().isEqualTo("ferretdb");
        assertThat(both.totalItems()).isLessThan(mongodb.size());
    }

    @Test
    void shouldFindNothingForUnknownWordButStillAnswerAPage() throws Exception {
        // Given
        CatalogQuery query = text("zzzyzx");

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then
        assertThat(page.items()).isEmpty();
        assertThat(page.totalItems()).isZero();
        assertThat(page.totalPages()).isEqualTo(1);
    }

    @Test
    void shouldTreatBlankTextAsNoText() {
        // Given
        String blank = "   ";

        // When
        CatalogQuery query = text(blank);

        // Then
        assertThat(query.text()).isEmpty();
    }

    @Test
    void shouldFilterByCategory() throws Exception {
        // Given
        CatalogQuery query = new CatalogQuery(
                Optional.empty(), Set.of(Category.DATA_SERVICES), Set.of(), Set.of(), CatalogQuery.Sort.NAME, 1, 100);

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then
        assertThat(page.items())
                .isNotEmpty()
                .allSatisfy(b -> assertThat(b.spec().category()).isEqualTo(Category.DATA_SERVICES));
        assertThat(names(page)).contains("cnpg", "ferretdb", "strimzi", "valkey", "clickhouse", "opensearch");
    }

    @Test
    void shouldFilterByPlacementMatchingAnyOfTheBlueprintsPlacements() throws Exception {
        // Given
        CatalogQuery query = new CatalogQuery(
                Optional.empty(), Set.of(), Set.of(Placement.CONTROL_PLANE), Set.of(), CatalogQuery.Sort.NAME, 1, 100);

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then
        assertThat(names(page))
                .containsAll(SpecComponents.CONTROL_PLANE)
                .contains("bp-catalyst-platform")
                .doesNotContain("cnpg", "cilium");
        assertThat(page.totalItems()).isEqualTo(SpecComponents.CONTROL_PLANE.size() + 1);
    }

    @Test
    void shouldFilterByLicenseIdInsideExpressions() throws Exception {
        // Given
        CatalogQuery query = new CatalogQuery(
                Optional.empty(), Set.of(), Set.of(), Set.of("Apache-2.0"), CatalogQuery.Sort.NAME, 1, 100);

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then: bge is "MIT AND Apache-2.0", gitea plain MIT
        assertThat(names(page)).contains("bge", "cnpg").doesNotContain("gitea", "valkey");
        assertThat(page.items()).allSatisfy(b -> assertThat(b.spec().license()).contains("Apache-2.0"));
    }

    @Test
    void shouldCombineFiltersAndText() throws Exception {
        // Given
        CatalogQuery query = new CatalogQuery(
                Optional.of("kafka"),
                Set.of(Category.CDC),
                Set.of(Placement.APPLICATION),
                Set.of(),
                CatalogQuery.Sort.RELEVANCE,
                1,
                20);

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then
        assertThat(names(page)).containsExactly("debezium");
    }

    @Test
    void shouldSortByNameBothWays() throws Exception {
        // Given
        CatalogQuery ascending = sorted(CatalogQuery.Sort.NAME);
        CatalogQuery descending = sorted(CatalogQuery.Sort.NAME_DESC);

        // When
        List<String> up = names(catalog.query(ascending));
        List<String> down = names(catalog.query(descending));

        // Then
        assertThat(up).isSorted().hasSize(Math.min(TOTAL, CatalogQuery.MAX_PAGE_SIZE));
        assertThat(down).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(down.getFirst())
                .isEqualTo(SpecComponents.ALL.stream().max(String::compareTo).orElseThrow());
    }

    @Test
    void shouldSortByTotalMemoryWithoutEstimateFirstAndTiesByName() throws Exception {
        // Given
        CatalogQuery query = sorted(CatalogQuery.Sort.MEMORY);

        // When
        List<Blueprint> items = catalog.query(query).items();

        // Then
        for (int i = 1; i < items.size(); i++) {
            long before = memory(items.get(i - 1));
            long after = memory(items.get(i));
            assertThat(before)
                    .as("%s before %s", items.get(i - 1).name(), items.get(i).name())
                    .isLessThanOrEqualTo(after);
            if (before == after) {
                assertThat(items.get(i - 1).name()).isLessThan(items.get(i).name());
            }
        }
        assertThat(memory(items.getLast()))
                .isEqualTo(catalog.all().stream()
                        .mapToLong(CatalogQueryTest::memory)
                        .max()
                        .orElseThrow());
    }

    @Test
    void shouldSortByMemoryDescendingWithLargestFirst() throws Exception {
        // Given
        CatalogQuery query = sorted(CatalogQuery.Sort.MEMORY_DESC);

        // When
        List<Blueprint> items = catalog.query(query).items();

        // Then: vllm needs 32Gi on one replica; milvus 3 x 8Gi = 24Gi
        assertThat(memory(items.getFirst())).isGreaterThanOrEqualTo(32L << 30);
        assertThat(items).extracting(CatalogQueryTest::memory).isSortedAccordingTo(Comparator.reverseOrder());
    }

    private static long memory(Blueprint b) {
        return b.spec().resources().map(ResourceEstimate::totalMemoryBytes).orElse(0L);
    }

    @Test
    void shouldPageThroughEverythingWithAPartialLastPage() throws Exception {
        // Given
        int pageSize = 20;
        int lastPage = (TOTAL + pageSize - 1) / pageSize;

        // When
        Page<Blueprint> first = catalog.query(CatalogQuery.all().withPage(1, pageSize));
        Page<Blueprint> last = catalog.query(CatalogQuery.all().withPage(lastPage, pageSize));

        // Then
        assertThat(TOTAL % pageSize).as("the test needs a partial last page").isNotZero();
        assertThat(first.totalItems()).isEqualTo(TOTAL);
        assertThat(first.totalPages()).isEqualTo(lastPage);
        assertThat(first.items()).hasSize(pageSize);
        assertThat(last.items()).hasSize(TOTAL % pageSize);
        assertThat(last.page()).isEqualTo(lastPage);
        assertThat(names(last).getFirst()).isGreaterThan(names(first).getLast());
    }

    @Test
    void shouldVisitEveryBlueprintOnceAcrossPages() throws Exception {
        // Given
        int pageSize = 7;
        int pages = catalog.query(CatalogQuery.all().withPage(1, pageSize)).totalPages();

        // When
        List<String> seen = new ArrayList<>();
        for (int p = 1; p <= pages; p++) {
            seen.addAll(names(catalog.query(CatalogQuery.all().withPage(p, pageSize))));
        }

        // Then
        assertThat(seen).containsExactlyInAnyOrderElementsOf(SpecComponents.ALL).isSorted();
    }

    @Test
    void shouldThrowWhenPageIsPastTheLast() {
        // Given
        int pageSize = 20;
        int lastPage = (TOTAL + pageSize - 1) / pageSize;
        CatalogQuery query = CatalogQuery.all().withPage(lastPage + 1, pageSize);

        // When
        PageOutOfRangeException e = catchThrowableOfType(PageOutOfRangeException.class, () -> catalog.query(query));

        // Then
        assertThat(e).isNotNull();
        assertThat(e.lastPage()).isEqualTo(lastPage);
        assertThat(e).hasMessage("page " + (lastPage + 1) + " is out of range: there are " + lastPage + " pages");
    }

    @Test
    void shouldRejectPageZero() {
        // Given
        int page = 0;

        // When / Then
        assertThatThrownBy(() -> CatalogQuery.all().withPage(page, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("page must be 1 or more, got 0");
    }

    @Test
    void shouldRejectPageSizeAboveTheMaximum() {
        // Given
        int pageSize = CatalogQuery.MAX_PAGE_SIZE + 1;

        // When / Then
        assertThatThrownBy(() -> CatalogQuery.all().withPage(1, pageSize))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pageSize must be between 1 and 100, got 101");
    }

    @Test
    void shouldRejectPageSizeZero() {
        // Given
        int pageSize = 0;

        // When / Then
        assertThatThrownBy(() -> CatalogQuery.all().withPage(1, pageSize))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void shouldCountFacetsOverAllMatchesNotJustThePage() throws Exception {
        // Given
        CatalogQuery query = CatalogQuery.all().withPage(2, 10);

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then
        Map<String, Integer> categories = page.facets().get("category");
        assertThat(categories.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(page.totalItems());
        assertThat(page.totalItems()).isEqualTo(TOTAL);
        Map<String, Integer> placements = page.facets().get("placement");
        long expectedPlacements = catalog.all().stream()
                .mapToLong(b -> b.spec().placement().size())
                .sum();
        assertThat(placements.values().stream().mapToLong(Integer::longValue).sum())
                .isEqualTo(expectedPlacements);
        assertThat(placements).containsEntry("control-plane", SpecComponents.CONTROL_PLANE.size() + 1);
        assertThat(page.facets().get("license")).containsKeys("Apache-2.0", "MIT", "MPL-2.0", "BSD-3-Clause");
    }

    @Test
    void shouldCountFacetsOfFilteredMatches() throws Exception {
        // Given
        CatalogQuery query = new CatalogQuery(
                Optional.of("postgres"), Set.of(), Set.of(), Set.of(), CatalogQuery.Sort.RELEVANCE, 1, 2);

        // When
        Page<Blueprint> page = catalog.query(query);

        // Then
        int categoryTotal = page.facets().get("category").values().stream()
                .mapToInt(Integer::intValue)
                .sum();
        assertThat(categoryTotal).isEqualTo(page.totalItems());
        assertThat(page.items()).hasSize(2);
        assertThat(page.totalItems()).isGreaterThan(2);
    }

    @Test
    void shouldListCortexClosureWithDependenciesBeforeDependentsAndCortexLast() {
        // Given
        String cortex = "bp-cortex";
        List<String> members =
                BuiltInBlueprints.get(cortex).spec().composite().orElseThrow().memberNames();

        // When
        List<Catalog.ClosureStep> closure = catalog.closure(cortex);

        // Then
        List<String> order =
                closure.stream().map(Catalog.ClosureStep::blueprint).toList();
        assertThat(order).doesNotHaveDuplicates().containsAll(members).last().isEqualTo(cortex);
        for (String name : order) {
            for (String needed : CatalogLoader.edges(BuiltInBlueprints.get(name))) {
                assertThat(order.indexOf(needed))
                        .as("%s needs %s", name, needed)
                        .isNotNegative()
                        .isLessThan(order.indexOf(name));
            }
        }
        assertThat(order).contains("cert-manager");
        assertThat(closure)
                .filteredOn(s -> s.blueprint().equals("kserve"))
                .singleElement()
                .satisfies(s -> assertThat(s.requiredBy()).containsExactlyInAnyOrder(cortex, "bge"));
        assertThat(closure.getLast().requiredBy()).isEmpty();
    }

    @Test
    void shouldListFerretdbClosureAsCnpgThenFerretdb() {
        // Given
        String ferretdb = "ferretdb";

        // When
        List<Catalog.ClosureStep> closure = catalog.closure(ferretdb);

        // Then
        assertThat(closure)
                .containsExactly(
                        new Catalog.ClosureStep("cnpg", List.of("ferretdb")),
                        new Catalog.ClosureStep("ferretdb", List.of()));
    }

    @Test
    void shouldListWhatDependsOnCnpg() {
        // Given
        String cnpg = "cnpg";

        // When
        List<String> dependents = catalog.dependents(cnpg);

        // Then
        assertThat(dependents)
                .contains("ferretdb", "temporal")
                .doesNotContain("cnpg")
                .isSorted();
    }

    @Test
    void shouldListCompositesAmongDependentsOfTheirMembers() {
        // Given
        String vllm = "vllm";

        // When
        List<String> dependents = catalog.dependents(vllm);

        // Then
        assertThat(dependents).contains("bp-cortex");
    }

    @Test
    void shouldExposeCategoriesInSpecOrder() {
        // Given / When
        Map<String, String> categories = Catalog.categories();

        // Then
        assertThat(categories.keySet()).first().isEqualTo("catalyst");
        assertThat(categories).containsEntry("data-services", "Data services").hasSize(Category.values().length);
    }

    @Test
    void shouldLookUpOneBlueprintAndItsFile() {
        // Given
        String name = "cnpg";

        // When
        Optional<Blueprint> cnpg = catalog.get(name);

        // Then
        assertThat(cnpg).map(Blueprint::name).contains("cnpg");
        assertThat(catalog.fileOf(name)).hasValueSatisfying(f -> assertThat(f).endsWith("cnpg/blueprint.yaml"));
        assertThat(catalog.licenseIds("bge")).containsExactlyInAnyOrder("MIT", "Apache-2.0");
        assertThat(catalog.get("nope")).isEmpty();
    }
}
