package io.openova.catalyst.server.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.Category;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.CatalogQuery;
import io.openova.catalyst.catalog.Licenses;
import io.openova.catalyst.catalog.Page;
import io.openova.catalyst.catalog.PageOutOfRangeException;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * catalog-svc: the Blueprint catalog for the console and the marketplace. Answers from the in-memory catalog;
 * every answer carries the catalog revision as a weak ETag, so unchanged catalogs cost a 304.
 */
@Singleton
@Path("/api/v1/blueprints")
@NonBlocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "catalog", description = "Blueprints: search, detail, dependency closure")
public class BlueprintResource {
    static final Set<String> LIST_PARAMETERS =
            Set.of("q", "category", "placement", "license", "sort", "page", "pageSize");
    private static final CacheControl REVALIDATE = revalidate();

    private static final String BASE = "/api/v1/blueprints";

    private final CatalogService catalogs;
    private final ObjectMapper json;
    private final RenderedPages pages = new RenderedPages();

    public BlueprintResource(CatalogService catalogs, ObjectMapper json) {
        this.catalogs = catalogs;
        this.json = json;
    }

    /** One page of the catalog. */
    public record PageView(
            List<BlueprintViews.Summary> items,
            int page,
            int pageSize,
            int totalItems,
            int totalPages,
            Map<String, Map<String, Integer>> facets,
            Map<String, String> links) {}

    public record ClosureView(String blueprint, List<Catalog.ClosureStep> closure) {}

    @GET
    @Operation(
            summary = "Search the catalog",
            description = "Free-text search with filters, sorting and server-side paging. Filters take one or more"
                    + " values (repeat the parameter or separate with commas); unknown parameters are refused.")
    @Authorize(Action.CATALOG_READ)
    public Response list(
            @Parameter(description = "Free text: every word must match name, display name, keywords or description")
                    @jakarta.ws.rs.QueryParam("q")
                    String q,
            @Parameter(description = "Category ids, e.g. data-services") @jakarta.ws.rs.QueryParam("category")
                    List<String> category,
            @Parameter(description = "control-plane, host-cluster or application")
                    @jakarta.ws.rs.QueryParam("placement")
                    List<String> placement,
            @Parameter(description = "SPDX license ids, e.g. Apache-2.0") @jakarta.ws.rs.QueryParam("license")
                    List<String> license,
            @Parameter(
                            description =
                                    "relevance, name, -name, displayName, -displayName, category, -category, memory, -memory")
                    @jakarta.ws.rs.QueryParam("sort")
                    String sort,
            @Parameter(description = "1-based page number (default 1)") @jakarta.ws.rs.QueryParam("page") String page,
            @Parameter(description = "Items per page, 1 to 100 (default 20)") @jakarta.ws.rs.QueryParam("pageSize")
                    String pageSize,
            @jakarta.ws.rs.core.Context UriInfo uri,
            @jakarta.ws.rs.core.Context Request request) {
        Catalog catalog = catalogs.catalog();
        CatalogQuery query = parse(uri.getQueryParameters(), q, category, placement, license, sort, page, pageSize);
        String canonical = canonical(query);
        byte[] body = pages.get(
                catalog.revision(),
                canonical + "&page=" + query.page() + "&pageSize=" + query.pageSize(),
                () -> render(catalog, query, canonical));
        return revalidated(request, catalog, () -> body);
    }

    private byte[] render(Catalog catalog, CatalogQuery query, String canonical) {
        Page<Blueprint> result;
        try {
            result = catalog.query(query);
        } catch (PageOutOfRangeException e) {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.parameter("page", e.getMessage())));
        }
        PageView view = new PageView(
                result.items().stream().map(BlueprintViews::summary).toList(),
                result.page(),
                result.pageSize(),
                result.totalItems(),
                result.totalPages(),
                result.facets(),
                links(canonical, result));
        try {
            return json.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a catalog page", e);
        }
    }

    @GET
    @Path("/{name}")
    @Operation(
            summary = "One Blueprint",
            description = "Everything about the current version of a Blueprint, its configSchema included, and the"
                    + " versions the catalog has (newest first).")
    @Authorize(Action.CATALOG_READ)
    public Response get(@PathParam("name") String name, @jakarta.ws.rs.core.Context Request request) {
        Catalog catalog = catalogs.catalog();
        Blueprint blueprint = find(catalog, name);
        return revalidated(request, catalog, () -> BlueprintViews.detail(blueprint, catalog));
    }

    @GET
    @Path("/{name}/versions/{version}")
    @Operation(
            summary = "One version of a Blueprint",
            description = "The Blueprint as it was at an earlier version (or is at the current one), in the same shape"
                    + " as the current Blueprint: what an upgrade compares against.")
    @Authorize(Action.CATALOG_READ)
    public Response version(
            @PathParam("name") String name,
            @PathParam("version") String version,
            @jakarta.ws.rs.core.Context Request request) {
        Catalog catalog = catalogs.catalog();
        find(catalog, name);
        Blueprint blueprint = catalog.get(name, version)
                .orElseThrow(() -> ApiException.notFound("Blueprint '" + name + "' has no version '" + version
                        + "'; available: " + String.join(", ", catalog.versions(name))));
        return revalidated(request, catalog, () -> BlueprintViews.detail(blueprint, catalog));
    }

    @GET
    @Path("/{name}/closure")
    @Operation(
            summary = "Dependency closure",
            description = "Everything the Blueprint needs, in install order (dependencies first, the Blueprint last),"
                    + " with what needs each one. Composites expand to their members.")
    @Authorize(Action.CATALOG_READ)
    public Response closure(@PathParam("name") String name, @jakarta.ws.rs.core.Context Request request) {
        Catalog catalog = catalogs.catalog();
        find(catalog, name);
        return revalidated(request, catalog, () -> new ClosureView(name, catalog.closure(name)));
    }

    /**
     * A 200 with {@code body}, or a 304 when the client's {@code If-None-Match} holds the catalog revision; both carry
     * the ETag and ask clients to revalidate.
     */
    private static Response revalidated(Request request, Catalog catalog, Supplier<Object> body) {
        EntityTag tag = etag(catalog);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        Response.ResponseBuilder response = notModified != null ? notModified : Response.ok(body.get());
        return response.tag(tag).cacheControl(REVALIDATE).build();
    }

    private static Blueprint find(Catalog catalog, String name) {
        return catalog.get(name)
                .orElseThrow(() -> ApiException.notFound("no Blueprint named '" + name + "' in the catalog"));
    }

    private static EntityTag etag(Catalog catalog) {
        return new EntityTag(catalog.revision(), true);
    }

    static CatalogQuery parse(
            MultivaluedMap<String, String> all,
            String q,
            List<String> category,
            List<String> placement,
            List<String> license,
            String sort,
            String page,
            String pageSize) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (String name : all.keySet()) {
            if (!LIST_PARAMETERS.contains(name)) {
                errors.add(ApiProblem.FieldError.parameter(
                        name,
                        "unknown query parameter; expected one of "
                                + LIST_PARAMETERS.stream().sorted().toList()));
            }
        }
        for (String single : List.of("q", "sort", "page", "pageSize")) {
            if (all.containsKey(single) && all.get(single).size() > 1) {
                errors.add(ApiProblem.FieldError.parameter(single, "give it at most once"));
            }
        }
        Set<Category> categories =
                enums("category", category, Category::fromId, Category::id, Category.values(), errors);
        Set<Placement> placements =
                enums("placement", placement, Placement::fromId, Placement::id, Placement.values(), errors);
        Set<String> licenses = new LinkedHashSet<>();
        for (String id : split(license)) {
            if (Licenses.isKnown(id)) {
                licenses.add(id);
            } else {
                errors.add(ApiProblem.FieldError.parameter("license", "'" + id + "' is not an SPDX license id"));
            }
        }
        CatalogQuery.Sort sortOrder = CatalogQuery.Sort.RELEVANCE;
        if (sort != null) {
            Optional<CatalogQuery.Sort> parsed = CatalogQuery.Sort.fromId(sort);
            if (parsed.isPresent()) {
                sortOrder = parsed.get();
            } else {
                errors.add(ApiProblem.FieldError.parameter(
                        "sort",
                        "'" + sort + "' is not a sort order; expected one of "
                                + Arrays.stream(CatalogQuery.Sort.values())
                                        .map(CatalogQuery.Sort::id)
                                        .toList()));
            }
        }
        int pageNumber = integer("page", page, 1, 1, Integer.MAX_VALUE, errors);
        int size = integer("pageSize", pageSize, CatalogQuery.DEFAULT_PAGE_SIZE, 1, CatalogQuery.MAX_PAGE_SIZE, errors);
        if (q != null && q.length() > 200) {
            errors.add(ApiProblem.FieldError.parameter("q", "at most 200 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return new CatalogQuery(Optional.ofNullable(q), categories, placements, licenses, sortOrder, pageNumber, size);
    }

    private static <E extends Enum<E>> Set<E> enums(
            String parameter,
            List<String> values,
            Function<String, Optional<E>> parse,
            Function<E, String> id,
            E[] all,
            List<ApiProblem.FieldError> errors) {
        Set<E> out = new LinkedHashSet<>();
        for (String value : split(values)) {
            Optional<E> parsed = parse.apply(value);
            if (parsed.isPresent()) {
                out.add(parsed.get());
            } else {
                errors.add(ApiProblem.FieldError.parameter(
                        parameter,
                        "'" + value + "' is not a " + parameter + "; expected one of "
                                + Arrays.stream(all).map(id).toList()));
            }
        }
        return out.isEmpty() ? Set.of() : EnumSet.copyOf(out);
    }

    private static List<String> split(List<String> values) {
        if (values == null) {
            return List.of();
        }
        return values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .distinct()
                .toList();
    }

    private static int integer(
            String parameter, String value, int fallback, int min, int max, List<ApiProblem.FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                errors.add(ApiProblem.FieldError.parameter(
                        parameter,
                        max == Integer.MAX_VALUE
                                ? "must be " + min + " or more, got " + parsed
                                : "must be between " + min + " and " + max + ", got " + parsed));
                return fallback;
            }
            return parsed;
        } catch (NumberFormatException e) {
            errors.add(ApiProblem.FieldError.parameter(parameter, "'" + value + "' is not a whole number"));
            return fallback;
        }
    }

    private static Map<String, String> links(String canonical, Page<Blueprint> page) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", pageLink(canonical, page.page(), page.pageSize()));
        links.put("first", pageLink(canonical, 1, page.pageSize()));
        links.put("last", pageLink(canonical, page.totalPages(), page.pageSize()));
        if (page.page() > 1) {
            links.put("prev", pageLink(canonical, page.page() - 1, page.pageSize()));
        }
        if (page.page() < page.totalPages()) {
            links.put("next", pageLink(canonical, page.page() + 1, page.pageSize()));
        }
        return links;
    }

    private static String pageLink(String canonical, int page, int pageSize) {
        return BASE + "?" + canonical + (canonical.isEmpty() ? "" : "&") + "page=" + page + "&pageSize=" + pageSize;
    }

    /** The query in one normal form (fixed parameter order, sorted values, defaults left out), without paging. */
    static String canonical(CatalogQuery query) {
        List<String> parts = new ArrayList<>();
        query.text().ifPresent(t -> parts.add("q=" + URLEncoder.encode(t, StandardCharsets.UTF_8)));
        if (!query.categories().isEmpty()) {
            parts.add("category=" + join(query.categories().stream().map(Category::id)));
        }
        if (!query.placements().isEmpty()) {
            parts.add("placement=" + join(query.placements().stream().map(Placement::id)));
        }
        if (!query.licenses().isEmpty()) {
            parts.add("license=" + join(query.licenses().stream()));
        }
        if (query.sort() != CatalogQuery.Sort.RELEVANCE) {
            parts.add("sort=" + query.sort().id());
        }
        return String.join("&", parts);
    }

    private static String join(java.util.stream.Stream<String> values) {
        return URLEncoder.encode(String.join(",", values.sorted().toList()), StandardCharsets.UTF_8)
                .replace("%2C", ",");
    }

    /** Clients may cache, but must revalidate with the ETag each time (a 304 when unchanged). */
    private static CacheControl revalidate() {
        CacheControl control = new CacheControl();
        control.setNoCache(true);
        control.setNoTransform(false);
        return control;
    }
}
