package io.openova.catalyst.catalog;

import io.openova.catalyst.api.blueprint.Category;
import io.openova.catalyst.api.blueprint.Placement;
import java.util.Optional;
import java.util.Set;

/**
 * A search of the catalog: free text, filters (any of the given values matches), sort and a 1-based page.
 *
 * @param licenses SPDX ids; a Blueprint matches when its license expression names one of them
 */
public record CatalogQuery(
        Optional<String> text,
        Set<Category> categories,
        Set<Placement> placements,
        Set<String> licenses,
        Sort sort,
        int page,
        int pageSize) {

    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 20;

    /** Sort orders; {@code RELEVANCE} falls back to name when there is no text. */
    public enum Sort {
        RELEVANCE("relevance"),
        NAME("name"),
        NAME_DESC("-name"),
        DISPLAY_NAME("displayName"),
        DISPLAY_NAME_DESC("-displayName"),
        CATEGORY("category"),
        CATEGORY_DESC("-category"),
        MEMORY("memory"),
        MEMORY_DESC("-memory");

        private final String id;

        Sort(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Optional<Sort> fromId(String id) {
            for (Sort sort : values()) {
                if (sort.id.equals(id)) {
                    return Optional.of(sort);
                }
            }
            return Optional.empty();
        }
    }

    public CatalogQuery {
        text = text.map(String::strip).filter(t -> !t.isEmpty());
        categories = Set.copyOf(categories);
        placements = Set.copyOf(placements);
        licenses = Set.copyOf(licenses);
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, got " + page);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + MAX_PAGE_SIZE + ", got " + pageSize);
        }
    }

    /** Everything, by name, first page. */
    public static CatalogQuery all() {
        return new CatalogQuery(Optional.empty(), Set.of(), Set.of(), Set.of(), Sort.NAME, 1, DEFAULT_PAGE_SIZE);
    }

    public CatalogQuery withPage(int newPage, int newPageSize) {
        return new CatalogQuery(text, categories, placements, licenses, sort, newPage, newPageSize);
    }
}
