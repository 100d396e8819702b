package io.openova.catalyst.server.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** catalog-svc over HTTP, against the built-in catalog (../blueprints in the test profile). */
@QuarkusTest
class BlueprintResourceTest {
    private static final String BLUEPRINTS = "/api/v1/blueprints";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEMS = "https://catalyst.openova.io/problems/";

    /** The data services of the spec, plus bp-fabric, the composite product that bundles them. */
    private static final Set<String> DATA_SERVICES =
            Set.of("cnpg", "ferretdb", "strimzi", "valkey", "clickhouse", "opensearch", "bp-fabric");

    private static final List<String> CORTEX_MEMBERS = List.of(
            "knative",
            "kserve",
            "vllm",
            "milvus",
            "neo4j",
            "bge",
            "llm-gateway",
            "anthropic-adapter",
            "nemo-guardrails",
            "langfuse",
            "librechat");

    private final List<String> allNames = BuiltInCatalogFolder.names();

    // ---------------------------------------------------------------- list: paging

    @Test
    void shouldAnswerFirstPageOfTwentyWhenNoParameterIsGiven() {
        // Given
        int total = allNames.size();

        // When
        Response response = given().get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonPath body = response.jsonPath();
        assertThat(body.getList("items.name", String.class)).containsExactlyElementsOf(allNames.subList(0, 20));
        assertThat(body.getInt("page")).isEqualTo(1);
        assertThat(body.getInt("pageSize")).isEqualTo(20);
        assertThat(body.getInt("totalItems")).isEqualTo(total).isEqualTo(83);
        assertThat(body.getInt("totalPages")).isEqualTo(5);
        Map<String, String> links = body.getMap("links", String.class, String.class);
        assertThat(links)
                .containsEntry("self", BLUEPRINTS + "?page=1&pageSize=20")
                .containsEntry("first", BLUEPRINTS + "?page=1&pageSize=20")
                .containsEntry("next", BLUEPRINTS + "?page=2&pageSize=20")
                .containsEntry("last", BLUEPRINTS + "?page=5&pageSize=20")
                .doesNotContainKey("prev");
    }

    @Test
    void shouldAnswerSecondPageOfFiveWhenPageIsTwoAndPageSizeIsFive() {
        // When
        Response response =
                given().queryParam("pageSize", 5).queryParam("page", 2).get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getList("items.name", String.class)).containsExactlyElementsOf(allNames.subList(5, 10));
        assertThat(body.getInt("page")).isEqualTo(2);
        assertThat(body.getInt("pageSize")).isEqualTo(5);
        assertThat(body.getInt("totalPages")).isEqualTo((allNames.size() + 4) / 5);
        Map<String, String> links = body.getMap("links", String.class, String.class);
        assertThat(links)
                .containsEntry("prev", BLUEPRINTS + "?page=1&pageSize=5")
                .containsEntry("next", BLUEPRINTS + "?page=3&pageSize=5")
                .containsEntry("self", BLUEPRINTS + "?page=2&pageSize=5");
    }

    @Test
    void shouldAnswerPartialPageWithoutNextLinkWhenLastPageIsAsked() {
        // Given
        int lastPage = (allNames.size() + 19) / 20;
        List<String> rest = allNames.subList((lastPage - 1) * 20, allNames.size());

        // When
        Response response = given().queryParam("page", lastPage).get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(rest).hasSizeLessThan(20);
        assertThat(body.getList("items.name", String.class)).containsExactlyElementsOf(rest);
        assertThat(body.getInt("page")).isEqualTo(lastPage);
        Map<String, String> links = body.getMap("links", String.class, String.class);
        assertThat(links)
                .containsEntry("prev", BLUEPRINTS + "?page=" + (lastPage - 1) + "&pageSize=20")
                .containsEntry("last", BLUEPRINTS + "?page=" + lastPage + "&pageSize=20")
                .doesNotContainKey("next");
    }

    @Test
    void shouldKeepFiltersInPageLinksWhenFiltered() {
        // When
        Response response = given().queryParam("placement", "control-plane")
                .queryParam("pageSize", 5)
                .get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> links = response.jsonPath().getMap("links", String.class, String.class);
        assertThat(links.get("next"))
                .startsWith(BLUEPRINTS + "?")
                .contains("placement=control-plane", "page=2", "pageSize=5");
    }

    // ---------------------------------------------------------------- list: filters

    @Test
    void shouldAnswerExactlyTheDataServicesWhenCategoryIsDataServices() {
        // When
        Response response = given().queryParam("category", "data-services").get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getList("items.name", String.class)).containsExactlyInAnyOrderElementsOf(DATA_SERVICES);
        assertThat(body.getList("items.category", String.class)).containsOnly("data-services");
        assertThat(body.getInt("totalItems")).isEqualTo(DATA_SERVICES.size());
        assertThat(body.getMap("facets.category", String.class, Integer.class))
                .containsExactly(Map.entry("data-services", DATA_SERVICES.size()));
    }

    @Test
    void shouldAnswerOnlyControlPlaneBlueprintsWhenPlacementIsControlPlane() {
        // Given
        int controlPlane = given().get(BLUEPRINTS).jsonPath().getInt("facets.placement.control-plane");

        // When
        Response response = given().queryParam("placement", "control-plane")
                .queryParam("pageSize", 100)
                .get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        List<List<String>> placements = body.getList("items.placement");
        assertThat(placements).isNotEmpty().allSatisfy(p -> assertThat(p).contains("control-plane"));
        assertThat(body.getInt("totalItems")).isEqualTo(controlPlane).isEqualTo(placements.size());
        assertThat(body.getList("items.name", String.class))
                .contains("openbao", "keycloak")
                .doesNotContain("cnpg");
    }

    @Test
    void shouldAnswerOpenbaoAndOpentofuWhenLicenseIsMpl() {
        // When
        Response response = given().queryParam("license", "MPL-2.0").get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getList("items.name", String.class)).containsExactly("openbao", "opentofu");
        assertThat(response.jsonPath().getInt("totalItems")).isEqualTo(2);
    }

    @Test
    void shouldCombineDifferentFiltersWithAndWhenLicenseAndPlacementAreGiven() {
        // When
        Response response = given().queryParam("license", "MPL-2.0")
                .queryParam("placement", "control-plane")
                .get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getList("items.name", String.class)).containsExactly("openbao");
    }

    @Test
    void shouldMatchAnyCategoryWhenCategoriesAreSeparatedByCommas() {
        // Given
        Map<String, Integer> byCategory =
                given().get(BLUEPRINTS).jsonPath().getMap("facets.category", String.class, Integer.class);

        // When
        Response response = given().queryParam("category", "data-services,security")
                .queryParam("pageSize", 100)
                .get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getList("items.category", String.class)).containsOnly("data-services", "security");
        assertThat(body.getList("items.name", String.class))
                .containsAll(DATA_SERVICES)
                .contains("openbao");
        assertThat(body.getInt("totalItems")).isEqualTo(byCategory.get("data-services") + byCategory.get("security"));
    }

    @Test
    void shouldAnswerAsWithCommasWhenCategoryIsRepeated() {
        // Given
        List<String> withCommas = given().queryParam("category", "data-services,security")
                .queryParam("pageSize", 100)
                .get(BLUEPRINTS)
                .jsonPath()
                .getList("items.name", String.class);

        // When
        Response response = given().queryParam("category", "data-services", "security")
                .queryParam("pageSize", 100)
                .get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getList("items.name", String.class))
                .isNotEmpty()
                .containsExactlyElementsOf(withCommas);
    }

    @Test
    void shouldCountFacetsOverAllMatchesWhenListed() {
        // When
        Response response = given().queryParam("pageSize", 5).get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        int totalItems = body.getInt("totalItems");
        assertThat(body.getMap("facets").keySet()).containsExactlyInAnyOrder("category", "placement", "license");
        Map<String, Integer> categories = body.getMap("facets.category", String.class, Integer.class);
        assertThat(categories).containsEntry("data-services", DATA_SERVICES.size());
        assertThat(categories.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(totalItems)
                .isEqualTo(allNames.size());
        assertThat(body.getMap("facets.placement", String.class, Integer.class))
                .containsOnlyKeys("control-plane", "host-cluster", "application");
        assertThat(body.getMap("facets.license", String.class, Integer.class)).containsEntry("MPL-2.0", 2);
    }

    // ---------------------------------------------------------------- list: search and sort

    @Test
    void shouldRankCnpgFirstWhenSearchingPostgresWithDefaultSort() {
        // When
        Response response = given().queryParam("q", "postgres").get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> names = response.jsonPath().getList("items.name", String.class);
        assertThat(names).first().isEqualTo("cnpg");
        assertThat(names).contains("ferretdb").doesNotContain("valkey", "openbao");
        assertThat(response.jsonPath().getInt("totalItems")).isEqualTo(names.size());
    }

    @Test
    void shouldSortByNameDescendingWhenSortIsMinusName() {
        // Given
        List<String> expected = new ArrayList<>(allNames);
        Collections.reverse(expected);

        // When
        Response response =
                given().queryParam("sort", "-name").queryParam("pageSize", 100).get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getList("items.name", String.class)).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldSortByTotalMemoryAscendingWhenSortIsMemory() {
        // When
        Response response =
                given().queryParam("sort", "memory").queryParam("pageSize", 100).get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        List<Long> memory = response.jsonPath()
                .getList("items.collect { it.resources == null ? 0 : it.resources.totalMemoryBytes }", Long.class);
        assertThat(memory).hasSize(allNames.size()).isSorted();
        assertThat(memory.getLast()).isGreaterThan(memory.getFirst());
    }

    // ---------------------------------------------------------------- list: refusals

    static Stream<Arguments> invalidQueries() {
        return Stream.of(
                Arguments.of("colour=blue", "colour", "unknown query parameter; expected one of [category, license,"),
                Arguments.of("page=0", "page", "must be 1 or more, got 0"),
                Arguments.of("page=abc", "page", "'abc' is not a whole number"),
                Arguments.of("pageSize=101", "pageSize", "must be between 1 and 100, got 101"),
                Arguments.of("pageSize=0", "pageSize", "must be between 1 and 100, got 0"),
                Arguments.of("page=999", "page", "page 999 is out of range: there are 5 pages"),
                Arguments.of("category=nope", "category", "'nope' is not a category; expected one of ["),
                Arguments.of("placement=nope", "placement", "'nope' is not a placement; expected one of ["),
                Arguments.of("license=NotALicense", "license", "'NotALicense' is not an SPDX license id"),
                Arguments.of("sort=nope", "sort", "'nope' is not a sort order; expected one of [relevance, name,"),
                Arguments.of("q=postgres&q=kafka", "q", "give it at most once"),
                Arguments.of("q=" + "x".repeat(201), "q", "at most 200 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidQueries")
    void shouldRefuseWithProblemNamingTheParameterWhenQueryIsInvalid(String query, String parameter, String detail) {
        // When
        Response response = given().get(BLUEPRINTS + "?" + query);

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", "Invalid request", BLUEPRINTS);
        assertThat(problem.getList("errors.parameter", String.class)).containsExactly(parameter);
        assertThat(problem.getString("errors[0].detail")).startsWith(detail);
        assertThat(problem.getString("detail"))
                .isEqualTo("query parameter '" + parameter + "': " + problem.getString("errors[0].detail"));
    }

    @Test
    void shouldListEveryProblemTogetherWhenSeveralParametersAreInvalid() {
        // When
        Response response = given().get(BLUEPRINTS + "?colour=blue&page=0&pageSize=101&category=nope&sort=nope");

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", "Invalid request", BLUEPRINTS);
        assertThat(problem.getList("errors.parameter", String.class))
                .containsExactlyInAnyOrder("colour", "page", "pageSize", "category", "sort");
        assertThat(problem.getList("errors.detail", String.class))
                .allSatisfy(d -> assertThat(d).isNotBlank());
        assertThat(problem.getString("detail"))
                .startsWith("5 problems with the request: ")
                .contains(
                        "query parameter 'colour'",
                        "query parameter 'page'",
                        "query parameter 'pageSize'",
                        "query parameter 'category'",
                        "query parameter 'sort'");
    }

    // ---------------------------------------------------------------- list: ETag

    @Test
    void shouldTagListWithWeakEtagAndNoCacheWhenListed() {
        // When
        Response response = given().get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("ETag")).matches("W/\"[0-9a-f]{16}\"");
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void shouldAnswerNotModifiedWithoutBodyWhenIfNoneMatchIsTheCurrentEtag() {
        // Given
        String etag = currentEtag();

        // When
        Response response = given().header("If-None-Match", etag).get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.asString()).isEmpty();
        assertThat(response.header("ETag")).isEqualTo(etag);
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void shouldAnswerFullListWhenIfNoneMatchIsAnotherEtag() {
        // Given
        String etag = currentEtag();
        String other = "W/\"0000000000000000\"";
        assertThat(other).isNotEqualTo(etag);

        // When
        Response response = given().header("If-None-Match", other).get(BLUEPRINTS);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo(etag);
        assertThat(response.jsonPath().getList("items")).hasSize(20);
    }

    @Test
    void shouldAnswerNotModifiedWhenDetailIfNoneMatchIsTheCurrentEtag() {
        // Given
        String etag = currentEtag();

        // When
        Response response = given().header("If-None-Match", etag).get(BLUEPRINTS + "/cnpg");

        // Then
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.asString()).isEmpty();
    }

    @Test
    void shouldRefuseInvalidQueryWhenIfNoneMatchIsTheCurrentEtag() {
        // Given
        String etag = currentEtag();

        // When
        Response response = given().header("If-None-Match", etag).get(BLUEPRINTS + "?page=abc");

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", "Invalid request", BLUEPRINTS);
        assertThat(problem.getList("errors.parameter", String.class)).containsExactly("page");
    }

    /**
     * RFC 9110 §13.2.1: preconditions are evaluated only when the response would otherwise be 2xx. A page past the
     * last one is a 400 without If-None-Match, so it must stay a 400 with it, not become a 304.
     */
    @Test
    void shouldRefusePageBeyondLastWhenIfNoneMatchIsTheCurrentEtag() {
        // Given
        String etag = currentEtag();

        // When
        Response response = given().header("If-None-Match", etag).get(BLUEPRINTS + "?page=999");

        // Then
        JsonPath problem = assertProblem(response, 400, "invalid-request", "Invalid request", BLUEPRINTS);
        assertThat(problem.getList("errors.parameter", String.class)).containsExactly("page");
    }

    // ---------------------------------------------------------------- detail

    @Test
    void shouldAnswerEverythingAboutCnpgWhenItIsAsked() {
        // When
        Response response = given().get(BLUEPRINTS + "/cnpg");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo(currentEtag());
        JsonPath body = response.jsonPath();
        assertThat(body.getString("name")).isEqualTo("cnpg");
        assertThat(body.getString("category.id")).isEqualTo("data-services");
        assertThat(body.getString("configSchema.type")).isEqualTo("object");
        assertThat(body.getMap("configSchema.properties").keySet())
                .contains("instances", "postgresVersion", "storage", "superuserPassword", "backup");
        assertThat(body.getInt("configSchema.properties.instances.default")).isEqualTo(3);
        assertThat(body.getString("chart.repository")).isEqualTo("https://cloudnative-pg.github.io/charts");
        assertThat(body.getString("chart.name")).isEqualTo("cloudnative-pg");
        assertThat(body.getString("chart.version")).isNotBlank();
        assertThat(body.getString("replication.method")).isEqualTo("WAL streaming (async primary-replica)");
        assertThat(body.getList("closure.blueprint", String.class)).containsExactly("cnpg");
        assertThat(body.getList("dependents", String.class)).contains("ferretdb");
    }

    @Test
    void shouldAnswerMplAndControlPlaneWhenOpenbaoIsAsked() {
        // When
        Response response = given().get(BLUEPRINTS + "/openbao");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("license")).isEqualTo("MPL-2.0");
        assertThat(response.jsonPath().getList("placement", String.class)).containsExactly("control-plane");
    }

    @Test
    void shouldAnswerMembersAndClosureEndingWithItselfWhenCompositeIsAsked() {
        // When
        Response response = given().get(BLUEPRINTS + "/bp-cortex");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getList("members.blueprint", String.class)).containsExactlyElementsOf(CORTEX_MEMBERS);
        List<String> closure = body.getList("closure.blueprint", String.class);
        assertThat(closure).last().isEqualTo("bp-cortex");
        assertThat(closure).containsAll(CORTEX_MEMBERS).doesNotHaveDuplicates();
    }

    @Test
    void shouldRefuseWithNotFoundProblemWhenBlueprintIsUnknown() {
        // When
        Response response = given().get(BLUEPRINTS + "/nope");

        // Then
        JsonPath problem = assertProblem(response, 404, "not-found", "Not Found", BLUEPRINTS + "/nope");
        assertThat(problem.getString("detail")).contains("'nope'");
        assertThat(problem.getList("errors")).isNull();
    }

    // ---------------------------------------------------------------- versions

    @Test
    void shouldListEveryVersionNewestFirstWhenABlueprintHasEarlierVersions() {
        // When
        Response response = given().get(BLUEPRINTS + "/valkey");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("version")).isEqualTo("1.0.0");
        assertThat(response.jsonPath().getList("versions", String.class)).containsExactly("1.0.0", "0.9.0");
    }

    @Test
    void shouldAnswerTheEarlierVersionInTheShapeOfTheCurrentOneWhenAVersionIsAsked() {
        // Given
        JsonPath current = given().get(BLUEPRINTS + "/valkey").jsonPath();

        // When
        Response response = given().get(BLUEPRINTS + "/valkey/versions/0.9.0");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo(currentEtag());
        JsonPath body = response.jsonPath();
        assertThat(body.getMap("")).containsOnlyKeys(current.getMap("").keySet());
        assertThat(body.getString("name")).isEqualTo("valkey");
        assertThat(body.getString("version")).isEqualTo("0.9.0");
        assertThat(body.getList("versions", String.class)).containsExactly("1.0.0", "0.9.0");
        assertThat(body.getString("chart.version")).isEqualTo("0.7.0");
        assertThat(body.getString("configSchema.properties.maxMemory.default")).isEqualTo("256mb");
        assertThat(current.getString("configSchema.properties.maxMemory.default"))
                .isEqualTo("512mb");
    }

    @Test
    void shouldAnswerTheCurrentVersionWhenItIsAskedByVersion() {
        // When
        Response response = given().get(BLUEPRINTS + "/valkey/versions/1.0.0");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("chart.version")).isEqualTo("0.9.4");
    }

    @Test
    void shouldRefuseWithNotFoundProblemNamingTheVersionWhenTheVersionIsUnknown() {
        // When
        Response response = given().get(BLUEPRINTS + "/valkey/versions/0.1.0");

        // Then
        JsonPath problem =
                assertProblem(response, 404, "not-found", "Not Found", BLUEPRINTS + "/valkey/versions/0.1.0");
        assertThat(problem.getString("detail"))
                .isEqualTo("Blueprint 'valkey' has no version '0.1.0'; available: 1.0.0, 0.9.0");
    }

    @Test
    void shouldRefuseWithNotFoundProblemWhenAVersionOfAnUnknownBlueprintIsAsked() {
        // When
        Response response = given().get(BLUEPRINTS + "/nope/versions/1.0.0");

        // Then
        JsonPath problem = assertProblem(response, 404, "not-found", "Not Found", BLUEPRINTS + "/nope/versions/1.0.0");
        assertThat(problem.getString("detail")).contains("'nope'");
    }

    // ---------------------------------------------------------------- closure

    @Test
    void shouldAnswerInstallOrderWhenClosureOfCompositeIsAsked() {
        // When
        Response response = given().get(BLUEPRINTS + "/bp-cortex/closure");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getString("blueprint")).isEqualTo("bp-cortex");
        List<String> order = body.getList("closure.blueprint", String.class);
        assertThat(order).last().isEqualTo("bp-cortex");
        assertThat(order).containsAll(CORTEX_MEMBERS).doesNotHaveDuplicates();
        assertThat(body.getList("closure[-1].requiredBy", String.class)).isEmpty();
        for (int i = 0; i < order.size(); i++) {
            String step = order.get(i);
            List<String> requiredBy = body.getList("closure[" + i + "].requiredBy", String.class);
            if (CORTEX_MEMBERS.contains(step)) {
                assertThat(requiredBy).as("requiredBy of member %s", step).contains("bp-cortex");
            }
            assertThat(requiredBy)
                    .as("what needs %s comes after it", step)
                    .allSatisfy(parent -> assertThat(order.indexOf(parent)).isGreaterThan(order.indexOf(step)));
        }
    }

    @Test
    void shouldRefuseWithNotFoundProblemWhenClosureOfUnknownBlueprintIsAsked() {
        // When
        Response response = given().get(BLUEPRINTS + "/nope/closure");

        // Then
        JsonPath problem = assertProblem(response, 404, "not-found", "Not Found", BLUEPRINTS + "/nope/closure");
        assertThat(problem.getString("detail")).contains("'nope'");
    }

    // ---------------------------------------------------------------- routing

    @Test
    void shouldRefuseWithMethodNotAllowedProblemWhenPostingToTheList() {
        // When
        Response response = given().contentType("application/json").body("{}").post(BLUEPRINTS);

        // Then
        JsonPath problem = assertProblem(response, 405, "method-not-allowed", "Method Not Allowed", BLUEPRINTS);
        assertThat(problem.getString("detail")).contains(BLUEPRINTS);
    }

    @Test
    void shouldRefuseWithNotFoundProblemWhenRouteIsUnknown() {
        // When
        Response response = given().get("/api/v1/nope");

        // Then
        JsonPath problem = assertProblem(response, 404, "not-found", "Not Found", "/api/v1/nope");
        assertThat(problem.getString("detail")).isEqualTo("no resource at /api/v1/nope");
    }

    /**
     * RFC 9457 §3.1.3: the title of a problem type does not change from occurrence to occurrence. An unknown
     * Blueprint and an unknown route are both {@code problems/not-found}, so they carry one title.
     */
    @Test
    void shouldTitleNotFoundProblemsAlikeWhenBlueprintOrRouteIsUnknown() {
        // Given
        JsonPath unknownRoute = given().get("/api/v1/nope").jsonPath();

        // When
        Response response = given().get(BLUEPRINTS + "/nope");

        // Then
        assertThat(response.statusCode()).isEqualTo(404);
        JsonPath unknownBlueprint = response.jsonPath();
        assertThat(unknownBlueprint.getString("type")).isEqualTo(unknownRoute.getString("type"));
        assertThat(unknownBlueprint.getString("title")).isEqualTo(unknownRoute.getString("title"));
    }

    // ---------------------------------------------------------------- helpers

    private static String currentEtag() {
        String etag = given().get(BLUEPRINTS).header("ETag");
        assertThat(etag).isNotBlank();
        return etag;
    }

    /** Asserts an RFC 9457 problem document and answers its body for the specific checks. */
    private static JsonPath assertProblem(Response response, int status, String slug, String title, String instance) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        JsonPath problem = response.jsonPath();
        assertThat(problem.getString("type")).isEqualTo(PROBLEMS + slug);
        assertThat(problem.getString("title")).isEqualTo(title);
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(problem.getString("instance")).isEqualTo(instance);
        return problem;
    }
}
