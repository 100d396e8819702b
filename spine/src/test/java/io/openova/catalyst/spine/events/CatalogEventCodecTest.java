package io.openova.catalyst.spine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openova.catalyst.api.event.CatalogEvent;
import io.openova.catalyst.spine.Names;
import io.openova.catalyst.spine.Subjects;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogEventCodecTest {
    private static final Instant AT = Instant.parse("2026-03-02T09:30:00Z");
    private static final String REVISION = "a".repeat(64);

    @Test
    void shouldRoundTripEveryCatalogEventOnItsSubject() {
        // Given
        List<CatalogEvent> events = List.of(
                new CatalogEvent.Added("acme", "valkey", "1.0.0", REVISION, AT),
                new CatalogEvent.Updated("acme", "valkey", "0.9.0", "1.0.0", REVISION, AT),
                new CatalogEvent.Removed("acme", "valkey", "1.0.0", REVISION, AT));

        for (CatalogEvent event : events) {
            // When
            CatalogEvent decoded = CatalogEventCodec.decode(CatalogEventCodec.encode(event));
            String subject = CatalogEventCodec.subject(event);

            // Then
            assertThat(decoded).isEqualTo(event);
            assertThat(subject).isEqualTo("catalyst.acme._catalog.valkey." + event.type());
            assertThat(Subjects.requireSubject(subject)).isEqualTo("acme");
            assertThat(Names.requireDedupeId(CatalogEventCodec.dedupeId(event))).startsWith("catalog:");
        }
    }

    @Test
    void shouldGiveTheSameChangeOfTheSameRevisionTheSameDedupeIdAndAnyOtherAnother() {
        // Given
        CatalogEvent event = new CatalogEvent.Updated("acme", "valkey", "0.9.0", "1.0.0", REVISION, AT);

        // When / Then
        assertThat(CatalogEventCodec.dedupeId(
                        new CatalogEvent.Updated("acme", "valkey", "0.9.0", "1.0.0", REVISION, AT.plusSeconds(60))))
                .isEqualTo(CatalogEventCodec.dedupeId(event));
        assertThat(CatalogEventCodec.dedupeId(
                        new CatalogEvent.Updated("globex", "valkey", "0.9.0", "1.0.0", REVISION, AT)))
                .isNotEqualTo(CatalogEventCodec.dedupeId(event));
        assertThat(CatalogEventCodec.dedupeId(
                        new CatalogEvent.Updated("acme", "valkey", "0.9.0", "1.0.0", "b".repeat(64), AT)))
                .isNotEqualTo(CatalogEventCodec.dedupeId(event));
    }

    @Test
    void shouldNameTheFieldWhenAPayloadIsNotACatalogEvent() {
        // Given
        byte[] missing =
                "{\"kind\":\"catalog\",\"type\":\"added\",\"organization\":\"acme\",\"blueprint\":\"valkey\",\"catalogRevision\":\"r\",\"at\":\"2026-03-02T09:30:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8);
        byte[] application = "{\"kind\":\"application\"}".getBytes(StandardCharsets.UTF_8);

        // When
        Throwable noVersion = catchThrowable(() -> CatalogEventCodec.decode(missing));
        Throwable wrongKind = catchThrowable(() -> CatalogEventCodec.decode(application));

        // Then
        assertThat(noVersion)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version: missing or not a string");
        assertThat(wrongKind).isInstanceOf(IllegalArgumentException.class).hasMessage("kind: expected 'catalog'");
    }
}
