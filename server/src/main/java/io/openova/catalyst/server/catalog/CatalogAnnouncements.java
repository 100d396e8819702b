package io.openova.catalyst.server.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.event.CatalogEvent;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.identity.Organization;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.KeyValueBucket;
import io.openova.catalyst.spine.KeyValueStore;
import io.openova.catalyst.spine.events.CatalogEventCodec;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every Organization what changed in the catalog since it was last told: a {@link CatalogEvent} per Blueprint
 * added, moved to another current version, or removed, on the Organization's stream (docs/events.md). What an
 * Organization was told is the key {@value #KEY} of its key-value bucket {@value #BUCKET} (Blueprint name to
 * version), written after the events; a crash in between tells the same changes again with the same dedupe ids. An
 * Organization that was never told anything (a new one, or one from before this existed) records the catalog as it is,
 * without events: there is no earlier catalog it knew.
 */
@ApplicationScoped
public class CatalogAnnouncements {
    static final String BUCKET = "catalog";
    static final String KEY = "announced";

    private static final Logger LOGGER = LoggerFactory.getLogger(CatalogAnnouncements.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> VERSIONS = new TypeReference<>() {};

    private final EventSpine spine;
    private final KeyValueStore store;
    private final Clock clock;

    CatalogAnnouncements(EventSpine spine, KeyValueStore store, Clock clock) {
        this.spine = spine;
        this.store = store;
        this.clock = clock;
    }

    /** At start, off the startup thread: every Organization is told the changes of the catalog this process loaded. */
    void onStart(
            @Observes @Priority(30) StartupEvent startup, OrganizationDirectory directory, CatalogService catalogs) {
        Catalog catalog = catalogs.catalog();
        List<String> organizations =
                directory.list().stream().map(Organization::name).toList();
        Thread.ofVirtual().name("catalog-announcements").start(() -> {
            for (String org : new TreeSet<>(organizations)) {
                try {
                    announce(org, versions(catalog), catalog.revision());
                } catch (RuntimeException e) {
                    LOGGER.warn("cannot tell organization={} the catalog changes yet: {}", org, e.getMessage());
                }
            }
        });
    }

    /** Records the current catalog as what a new Organization knows, so that later changes are told to it. */
    public void baseline(String org, Catalog catalog) {
        try {
            announce(org, versions(catalog), catalog.revision());
        } catch (RuntimeException e) {
            LOGGER.warn("cannot record the catalog for organization={} yet: {}", org, e.getMessage());
        }
    }

    /** The current version of every Blueprint of {@code catalog}, by name. */
    static SortedMap<String, String> versions(Catalog catalog) {
        SortedMap<String, String> versions = new TreeMap<>();
        for (Blueprint blueprint : catalog.all()) {
            versions.put(blueprint.name(), blueprint.spec().version());
        }
        return versions;
    }

    /**
     * Publishes to {@code org} the changes between what it was last told and {@code current} (Blueprint name to
     * current version, of catalog {@code revision}), then records {@code current} as told.
     *
     * @return the events published (none on an Organization's first call)
     */
    List<CatalogEvent> announce(String org, SortedMap<String, String> current, String revision) {
        KeyValueBucket bucket = store.bucket(org, BUCKET);
        Optional<SortedMap<String, String>> told = bucket.get(KEY).map(entry -> read(entry.value()));
        List<CatalogEvent> changes =
                told.map(before -> changes(org, before, current, revision)).orElse(List.of());
        for (CatalogEvent change : changes) {
            spine.publish(
                    CatalogEventCodec.subject(change),
                    CatalogEventCodec.dedupeId(change),
                    CatalogEventCodec.encode(change));
        }
        if (told.isEmpty() || !told.get().equals(current)) {
            bucket.put(KEY, write(current));
        }
        if (!changes.isEmpty()) {
            LOGGER.info("Told organization={} of {} catalog change(s)", org, changes.size());
        }
        return changes;
    }

    private List<CatalogEvent> changes(
            String org, SortedMap<String, String> before, SortedMap<String, String> after, String revision) {
        List<CatalogEvent> out = new ArrayList<>();
        var now = clock.instant();
        for (Map.Entry<String, String> blueprint : after.entrySet()) {
            String was = before.get(blueprint.getKey());
            if (was == null) {
                out.add(new CatalogEvent.Added(org, blueprint.getKey(), blueprint.getValue(), revision, now));
            } else if (!was.equals(blueprint.getValue())) {
                out.add(new CatalogEvent.Updated(org, blueprint.getKey(), was, blueprint.getValue(), revision, now));
            }
        }
        before.forEach((name, version) -> {
            if (!after.containsKey(name)) {
                out.add(new CatalogEvent.Removed(org, name, version, revision, now));
            }
        });
        return out;
    }

    private static SortedMap<String, String> read(byte[] value) {
        try {
            return JSON.readValue(value, VERSIONS);
        } catch (IOException e) {
            // Unreadable: treat as never told, so it is recorded anew without events rather than failing every start.
            LOGGER.warn("the catalog an organization was told is unreadable, recording it anew: {}", e.getMessage());
            return null;
        }
    }

    private static byte[] write(SortedMap<String, String> versions) {
        try {
            return JSON.writeValueAsBytes(versions);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings is always writable", e);
        }
    }
}
