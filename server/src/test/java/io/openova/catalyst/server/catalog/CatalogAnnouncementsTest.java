package io.openova.catalyst.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.api.event.CatalogEvent;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.Subjects;
import io.openova.catalyst.spine.embedded.EmbeddedEventSpine;
import io.openova.catalyst.spine.embedded.EmbeddedKeyValueStore;
import io.openova.catalyst.spine.events.CatalogEventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each Organization is told what changed in the catalog since it was last told, once. */
class CatalogAnnouncementsTest {
    private static final Instant NOW = Instant.parse("2026-03-02T09:30:00Z");

    private final EmbeddedEventSpine spine = EmbeddedEventSpine.inMemory();
    private final EmbeddedKeyValueStore store = EmbeddedKeyValueStore.inMemory();
    private final CatalogAnnouncements announcements =
            new CatalogAnnouncements(spine, store, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        spine.close();
        store.close();
    }

    private static SortedMap<String, String> catalog(String... nameVersion) {
        SortedMap<String, String> versions = new TreeMap<>();
        for (int i = 0; i < nameVersion.length; i += 2) {
            versions.put(nameVersion[i], nameVersion[i + 1]);
        }
        return versions;
    }

    private List<CatalogEvent> told(String org) {
        return spine.read(org, 0, Subjects.catalog(org), EventSpine.MAX_READ).stream()
                .map(SpineMessage::payload)
                .map(CatalogEventCodec::decode)
                .toList();
    }

    @Test
    void shouldRecordTheCatalogWithoutEventsTheFirstTimeAnOrganizationIsTold() {
        // When
        List<CatalogEvent> published =
                announcements.announce("acme", catalog("cnpg", "1.0.0", "valkey", "0.9.0"), "r1");

        // Then
        assertThat(published).isEmpty();
        assertThat(told("acme")).isEmpty();
        assertThat(new String(
                        store.bucket("acme", CatalogAnnouncements.BUCKET)
                                .get(CatalogAnnouncements.KEY)
                                .orElseThrow()
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("{\"cnpg\":\"1.0.0\",\"valkey\":\"0.9.0\"}");
    }

    @Test
    void shouldTellEachAddedUpdatedAndRemovedBlueprintOnTheOrganizationsStream() {
        // Given
        announcements.announce("acme", catalog("cnpg", "1.0.0", "valkey", "0.9.0", "wiki", "2.0.0"), "r1");

        // When
        announcements.announce("acme", catalog("cnpg", "1.0.0", "kafka", "3.1.0", "valkey", "1.0.0"), "r2");

        // Then
        assertThat(told("acme"))
                .containsExactly(
                        new CatalogEvent.Added("acme", "kafka", "3.1.0", "r2", NOW),
                        new CatalogEvent.Updated("acme", "valkey", "0.9.0", "1.0.0", "r2", NOW),
                        new CatalogEvent.Removed("acme", "wiki", "2.0.0", "r2", NOW));
        assertThat(told("globex")).isEmpty();
    }

    @Test
    void shouldTellNothingAgainWhenTheCatalogDidNotChange() {
        // Given
        announcements.announce("acme", catalog("valkey", "0.9.0"), "r1");
        announcements.announce("acme", catalog("valkey", "1.0.0"), "r2");

        // When
        List<CatalogEvent> again = announcements.announce("acme", catalog("valkey", "1.0.0"), "r2");

        // Then
        assertThat(again).isEmpty();
        assertThat(told("acme")).hasSize(1);
    }

    @Test
    void shouldStoreAChangeOnceWhenItIsToldAgainAfterACrashBeforeTheMarkMoved() {
        // Given: the change was published, then the process died before recording it
        announcements.announce("acme", catalog("valkey", "0.9.0"), "r1");
        CatalogEvent change = new CatalogEvent.Updated("acme", "valkey", "0.9.0", "1.0.0", "r2", NOW);
        spine.publish(
                CatalogEventCodec.subject(change),
                CatalogEventCodec.dedupeId(change),
                CatalogEventCodec.encode(change));

        // When
        announcements.announce("acme", catalog("valkey", "1.0.0"), "r2");

        // Then
        assertThat(told("acme")).containsExactly(change);
    }

    @Test
    void shouldRecordAnUnreadableMarkAnewWithoutEvents() {
        // Given
        store.bucket("acme", CatalogAnnouncements.BUCKET)
                .put(CatalogAnnouncements.KEY, "not json".getBytes(StandardCharsets.UTF_8));

        // When
        List<CatalogEvent> published = announcements.announce("acme", catalog("valkey", "1.0.0"), "r2");

        // Then
        assertThat(published).isEmpty();
        assertThat(announcements.announce("acme", catalog("valkey", "1.1.0"), "r3"))
                .containsExactly(new CatalogEvent.Updated("acme", "valkey", "1.0.0", "1.1.0", "r3", NOW));
    }
}
