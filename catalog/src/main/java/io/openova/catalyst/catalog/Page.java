package io.openova.catalyst.catalog;

import java.util.List;
import java.util.Map;

/**
 * One page of search results, with the counts per category, placement and license over all matches (facets).
 */
public record Page<T>(
        List<T> items,
        int page,
        int pageSize,
        int totalItems,
        int totalPages,
        Map<String, Map<String, Integer>> facets) {
    public Page {
        items = List.copyOf(items);
        facets = Map.copyOf(facets);
    }
}
