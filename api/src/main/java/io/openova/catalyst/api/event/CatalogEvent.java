package io.openova.catalyst.api.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of the catalog, told to one Organization: a Blueprint added, moved to another version, or removed. Subject:
 * {@code catalyst.<org>._catalog.<blueprint>.<type>} (docs/events.md). Not a {@link CatalystEvent}: it belongs to no
 * Environment, so the folds of Environment facts (the projector, the SSE hubs) never see one.
 */
public sealed interface CatalogEvent {
    /** The Organization told. */
    String organization();

    /** The Blueprint that changed. */
    String blueprint();

    /** The revision of the catalog that brought the change. */
    String catalogRevision();

    /** When the change was told. */
    Instant at();

    /** The last token of the event's subject. */
    String type();

    /** The Blueprint is in the catalog now, at {@code version}. */
    record Added(String organization, String blueprint, String version, String catalogRevision, Instant at)
            implements CatalogEvent {
        public Added {
            requireAll(organization, blueprint, catalogRevision, at);
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String type() {
            return "added";
        }
    }

    /** The Blueprint's current version moved from {@code from} to {@code to}. */
    record Updated(String organization, String blueprint, String from, String to, String catalogRevision, Instant at)
            implements CatalogEvent {
        public Updated {
            requireAll(organization, blueprint, catalogRevision, at);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String type() {
            return "updated";
        }
    }

    /** The Blueprint, last at {@code version}, is no longer in the catalog. */
    record Removed(String organization, String blueprint, String version, String catalogRevision, Instant at)
            implements CatalogEvent {
        public Removed {
            requireAll(organization, blueprint, catalogRevision, at);
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String type() {
            return "removed";
        }
    }

    private static void requireAll(String organization, String blueprint, String catalogRevision, Instant at) {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(blueprint, "blueprint");
        Objects.requireNonNull(catalogRevision, "catalogRevision");
        Objects.requireNonNull(at, "at");
    }
}
