package io.openova.catalyst.catalog;

import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.BlueprintSpec;
import io.openova.catalyst.api.blueprint.Category;
import io.openova.catalyst.api.blueprint.Placement;
import io.openova.catalyst.api.blueprint.ResourceEstimate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An immutable, fully validated set of Blueprints and the queries catalog-svc answers: search with filters, sort
 * and paging; one Blueprint; its dependency closure; what needs it. Safe to share between threads.
 */
public final class Catalog {
    private static final Pattern WORDS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final Map<String, Blueprint> blueprints;
    /** Every version of each Blueprint, the current one included, by version. */
    private final Map<String, Map<String, Blueprint>> byVersion;
    /** The versions of each Blueprint, newest first. */
    private final Map<String, List<String>> versions;

    private final Map<String, String> files;
    private final Map<String, Set<String>> licenseIds;
    private final Map<String, String> searchText;
    private final String revision;

    Catalog(Map<String, Blueprint> blueprints, Map<String, String> files, String revision) {
        this(blueprints, Map.of(), files, revision);
    }

    /**
     * @param blueprints the current version of each Blueprint, by name
     * @param earlier the earlier versions of each Blueprint, by name
     */
    Catalog(
            Map<String, Blueprint> blueprints,
            Map<String, List<Blueprint>> earlier,
            Map<String, String> files,
            String revision) {
        this.blueprints = java.util.Collections.unmodifiableMap(new TreeMap<>(blueprints));
        Map<String, Map<String, Blueprint>> all = new LinkedHashMap<>();
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        for (Blueprint current : this.blueprints.values()) {
            Map<String, Blueprint> each = new LinkedHashMap<>();
            each.put(current.spec().version(), current);
            for (Blueprint b : earlier.getOrDefault(current.name(), List.of())) {
                each.put(b.spec().version(), b);
            }
            all.put(current.name(), Map.copyOf(each));
            ordered.put(
                    current.name(),
                    each.keySet().stream().sorted(Versions.ORDER.reversed()).toList());
        }
        this.byVersion = Map.copyOf(all);
        this.versions = Map.copyOf(ordered);
        this.files = Map.copyOf(files);
        this.revision = revision;
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        for (Blueprint b : this.blueprints.values()) {
            ids.put(b.name(), licenseIdsOf(b));
            text.put(b.name(), searchable(b));
        }
        this.licenseIds = Map.copyOf(ids);
        this.searchText = Map.copyOf(text);
    }

    /** A catalog with nothing in it. */
    public static Catalog empty() {
        return new Catalog(Map.of(), Map.of(), "empty");
    }

    /** Changes whenever any Blueprint file changes; an ETag for everything the catalog answers. */
    public String revision() {
        return revision;
    }

    public int size() {
        return blueprints.size();
    }

    /** All Blueprints, by name. */
    public Collection<Blueprint> all() {
        return blueprints.values();
    }

    /** The current version of a Blueprint: the one search, paging, facets and closures use. */
    public Optional<Blueprint> get(String name) {
        return Optional.ofNullable(blueprints.get(name));
    }

    /** A Blueprint at one of its versions, the current one or an earlier one. */
    public Optional<Blueprint> get(String name, String version) {
        return Optional.ofNullable(byVersion.getOrDefault(name, Map.of()).get(version));
    }

    /** The versions the catalog has of a Blueprint, newest first (SemVer precedence); empty for an unknown name. */
    public List<String> versions(String name) {
        return versions.getOrDefault(name, List.of());
    }

    /** The file a Blueprint was read from, as shown in messages. */
    public Optional<String> fileOf(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /** License ids named in a Blueprint's license expression. */
    public Set<String> licenseIds(String name) {
        return licenseIds.getOrDefault(name, Set.of());
    }

    public Page<Blueprint> query(CatalogQuery query) throws PageOutOfRangeException {
        List<String> tokens = query.text().map(Catalog::tokens).orElse(List.of());
        List<Scored> matches = new ArrayList<>();
        for (Blueprint b : blueprints.values()) {
            if (!matchesFilters(b, query)) {
                continue;
            }
            int score = score(b, tokens);
            if (score > 0 || tokens.isEmpty()) {
                matches.add(new Scored(b, score));
            }
        }
        matches.sort(comparator(query.sort(), !tokens.isEmpty()));
        int total = matches.size();
        int totalPages = Math.max(1, (total + query.pageSize() - 1) / query.pageSize());
        if (query.page() > totalPages) {
            throw new PageOutOfRangeException(query.page(), totalPages);
        }
        int from = (query.page() - 1) * query.pageSize();
        List<Blueprint> items = matches.subList(from, Math.min(total, from + query.pageSize())).stream()
                .map(Scored::blueprint)
                .toList();
        return new Page<>(items, query.page(), query.pageSize(), total, totalPages, facets(matches));
    }

    /**
     * Everything needed to install {@code name}, in install order (what is needed first, {@code name} last): its
     * dependencies and, for a composite, its members, transitively.
     */
    public List<ClosureStep> closure(String name) {
        return closure(name, blueprints.get(name));
    }

    /**
     * The closure of one version of a Blueprint, as {@link #closure(String)}: the dependencies and members that version
     * names, each at its current version.
     */
    public List<ClosureStep> closure(Blueprint version) {
        return closure(version.name(), version);
    }

    private List<ClosureStep> closure(String name, Blueprint root) {
        Map<String, LinkedHashSet<String>> requiredBy = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        visit(name, root, null, requiredBy, order, new LinkedHashSet<>());
        return order.stream()
                .map(n -> new ClosureStep(n, List.copyOf(requiredBy.getOrDefault(n, new LinkedHashSet<>()))))
                .toList();
    }

    /** One Blueprint of a closure and the Blueprints in that closure that need it. */
    public record ClosureStep(String blueprint, List<String> requiredBy) {}

    /** Blueprints that depend on {@code name} or contain it as a member, by name. */
    public List<String> dependents(String name) {
        return blueprints.values().stream()
                .filter(b -> CatalogLoader.edges(b).contains(name))
                .map(Blueprint::name)
                .toList();
    }

    private void visit(
            String name,
            Blueprint root,
            String parent,
            Map<String, LinkedHashSet<String>> requiredBy,
            List<String> order,
            Set<String> done) {
        if (parent != null) {
            requiredBy.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(parent);
        }
        if (!done.add(name)) {
            return;
        }
        Blueprint blueprint = root != null ? root : blueprints.get(name);
        if (blueprint == null) {
            return;
        }
        for (String next : CatalogLoader.edges(blueprint)) {
            visit(next, null, name, requiredBy, order, done);
        }
        order.add(name);
    }

    private boolean matchesFilters(Blueprint b, CatalogQuery query) {
        BlueprintSpec spec = b.spec();
        if (!query.categories().isEmpty() && !query.categories().contains(spec.category())) {
            return false;
        }
        if (!query.placements().isEmpty() && spec.placement().stream().noneMatch(query.placements()::contains)) {
            return false;
        }
        return query.licenses().isEmpty() || licenseIds(b.name()).stream().anyMatch(query.licenses()::contains);
    }

    /** Every token must match somewhere; matches in the name weigh most, then display name, keywords, text. */
    private int score(Blueprint b, List<String> tokens) {
        int total = 0;
        String name = b.name();
        String display = b.spec().displayName().toLowerCase(Locale.ROOT);
        List<String> keywords = b.spec().keywords().stream()
                .map(k -> k.toLowerCase(Locale.ROOT))
                .toList();
        String text = searchText.get(name);
        for (String token : tokens) {
            int score;
            if (name.equals(token)) {
                score = 100;
            } else if (name.startsWith(token)) {
                score = 50;
            } else if (name.contains(token)) {
                score = 30;
            } else if (display.contains(token)) {
                score = 20;
            } else if (keywords.contains(token)) {
                score = 15;
            } else if (text.contains(token)) {
                score = 5;
            } else {
                return 0;
            }
            total += score;
        }
        return total;
    }

    private static Comparator<Scored> comparator(CatalogQuery.Sort sort, boolean hasText) {
        Comparator<Scored> byName = Comparator.comparing(s -> s.blueprint().name());
        Comparator<Scored> primary =
                switch (sort) {
                    case RELEVANCE ->
                        hasText ? Comparator.comparingInt(Scored::score).reversed() : byName;
                    case NAME -> byName;
                    case NAME_DESC -> byName.reversed();
                    case DISPLAY_NAME ->
                        Comparator.comparing(
                                s -> s.blueprint().spec().displayName().toLowerCase(Locale.ROOT));
                    case DISPLAY_NAME_DESC ->
                        Comparator.comparing((Scored s) ->
                                        s.blueprint().spec().displayName().toLowerCase(Locale.ROOT))
                                .reversed();
                    case CATEGORY ->
                        Comparator.comparing(s -> s.blueprint().spec().category());
                    case CATEGORY_DESC ->
                        Comparator.comparing((Scored s) -> s.blueprint().spec().category())
                                .reversed();
                    case MEMORY -> Comparator.comparingLong(Catalog::memory);
                    case MEMORY_DESC ->
                        Comparator.comparingLong(Catalog::memory).reversed();
                };
        return primary.thenComparing(byName);
    }

    private static long memory(Scored s) {
        return s.blueprint()
                .spec()
                .resources()
                .map(ResourceEstimate::totalMemoryBytes)
                .orElse(0L);
    }

    private Map<String, Map<String, Integer>> facets(List<Scored> matches) {
        Map<String, Integer> categories = new TreeMap<>();
        Map<String, Integer> placements = new TreeMap<>();
        Map<String, Integer> licenses = new TreeMap<>();
        for (Scored s : matches) {
            Blueprint b = s.blueprint();
            categories.merge(b.spec().category().id(), 1, Integer::sum);
            for (Placement p : b.spec().placement()) {
                placements.merge(p.id(), 1, Integer::sum);
            }
            for (String id : licenseIds(b.name())) {
                licenses.merge(id, 1, Integer::sum);
            }
        }
        return Map.of("category", categories, "placement", placements, "license", licenses);
    }

    private static Set<String> licenseIdsOf(Blueprint b) {
        try {
            return Set.copyOf(Licenses.parse(b.spec().license()).licenseIds());
        } catch (Licenses.InvalidLicenseException e) {
            throw new IllegalStateException("a loaded Blueprint always has a valid license: " + b.name(), e);
        }
    }

    private static String searchable(Blueprint b) {
        BlueprintSpec spec = b.spec();
        List<String> parts = new ArrayList<>();
        parts.add(b.name());
        parts.add(spec.displayName());
        parts.add(spec.summary());
        spec.description().ifPresent(parts::add);
        parts.addAll(spec.keywords());
        parts.add(spec.category().id());
        parts.add(spec.category().title());
        spec.upstream().ifPresent(u -> parts.add(u.project()));
        spec.chart().ifPresent(c -> parts.add(c.name()));
        return String.join(" ", parts).toLowerCase(Locale.ROOT);
    }

    private static List<String> tokens(String text) {
        return java.util.Arrays.stream(WORDS.split(text.toLowerCase(Locale.ROOT)))
                .filter(t -> !t.isEmpty())
                .distinct()
                .toList();
    }

    private record Scored(Blueprint blueprint, int score) {}

    /** Category ids with their titles, in the order of the spec. */
    public static Map<String, String> categories() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Category c : Category.values()) {
            out.put(c.id(), c.title());
        }
        return out;
    }
}
