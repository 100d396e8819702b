package io.openova.catalyst.server.catalog;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Catalog pages already rendered to JSON, keyed by canonical query, for one catalog revision at a time. The catalog
 * only changes on reload, so a repeated search costs a map lookup. Bounded: when full, it starts over.
 */
final class RenderedPages {
    static final int MAX_ENTRIES = 512;

    private final ConcurrentHashMap<String, byte[]> pages = new ConcurrentHashMap<>();
    private volatile String revision = "";

    /** The page for {@code key} in catalog {@code revision}, rendering it if needed (a failed render is not kept). */
    byte[] get(String revision, String key, Supplier<byte[]> render) {
        if (!revision.equals(this.revision)) {
            synchronized (this) {
                if (!revision.equals(this.revision)) {
                    pages.clear();
                    this.revision = revision;
                }
            }
        }
        byte[] page = pages.get(key);
        if (page != null) {
            return page;
        }
        page = render.get();
        if (pages.size() >= MAX_ENTRIES) {
            pages.clear();
        }
        pages.put(key, page);
        return page;
    }

    int size() {
        return pages.size();
    }
}
