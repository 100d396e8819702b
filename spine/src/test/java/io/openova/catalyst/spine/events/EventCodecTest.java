package io.openova.catalyst.spine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.api.event.EnvironmentEvent;
import io.openova.catalyst.api.event.EventMeta;
import io.openova.catalyst.spine.Subjects;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final EnvironmentRef ENV = new EnvironmentRef("acme", "prod");
    private static final Instant AT = Instant.parse("2026-11-22T03:04:05.123Z");
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final EventMeta COMMITTED = new EventMeta(ENV, "op-1", Optional.of(COMMIT), AT);
    private static final EventMeta REQUEST = new EventMeta(ENV, "op-2", Optional.empty(), AT);

    private static List<CatalystEvent> everyKind() {
        return List.of(
                new ApplicationEvent.Requested(REQUEST, "db", "install"),
                new ApplicationEvent.Validated(REQUEST, "db", "cnpg", "1.0.0"),
                new ApplicationEvent.Committed(COMMITTED, "db", "install", "cnpg", "1.0.0"),
                new ApplicationEvent.Failed(REQUEST, "db", 422, "no chart"),
                new ApplicationEvent.Reconciling(COMMITTED, "db", "Progressing", "installing"),
                new ApplicationEvent.Ready(COMMITTED, "db", "InstallSucceeded", "ok"),
                new ApplicationEvent.Degraded(COMMITTED, "db", "InstallFailed", "timeout"),
                new ApplicationEvent.Uninstalled(COMMITTED, "db"),
                new EnvironmentEvent.Created(COMMITTED),
                new EnvironmentEvent.RolledBack(COMMITTED, "abc1234"));
    }

    @Test
    void shouldReadBackEveryKindOfEventAsItWasWritten() {
        for (CatalystEvent event : everyKind()) {
            // When
            CatalystEvent read = EventCodec.decode(EventCodec.encode(event));

            // Then
            assertThat(read).as(event.type()).isEqualTo(event);
        }
    }

    @Test
    void shouldPublishEveryEventOnAValidSubjectOfItsEnvironment() {
        for (CatalystEvent event : everyKind()) {
            String subject = EventCodec.subject(event);
            assertThat(subject).startsWith("catalyst.acme.prod.").endsWith("." + event.type());
            assertThat(Subjects.requireSubject(subject)).isEqualTo("acme");
        }
        assertThat(EventCodec.subject(everyKind().get(2))).isEqualTo("catalyst.acme.prod.app.db.committed");
        assertThat(EventCodec.subject(everyKind().get(8))).isEqualTo("catalyst.acme.prod.env.created");
    }

    @Test
    void shouldIdentifyAFactByItsCommitOrItsOperationWithinTheSpineLimit() {
        // Given
        String longest = "a".repeat(63);
        CatalystEvent committed = new ApplicationEvent.Committed(COMMITTED, longest, "reconfigure", "x", "1");
        CatalystEvent failed = new ApplicationEvent.Failed(
                new EventMeta(ENV, "0b9a4c2e-9d5f-4bb1-9f0e-3a4c1e2f5d6a", Optional.empty(), AT), longest, 400, "x");

        // Then
        assertThat(EventCodec.dedupeId(committed)).isEqualTo(COMMIT + ":committed:" + longest);
        assertThat(EventCodec.dedupeId(failed)).startsWith("0b9a4c2e-").endsWith(":failed:" + longest);
        assertThat(EventCodec.dedupeId(committed).length()).isLessThanOrEqualTo(128);
        assertThat(EventCodec.dedupeId(failed).length()).isLessThanOrEqualTo(128);
        assertThat(EventCodec.dedupeId(everyKind().get(8))).isEqualTo(COMMIT + ":env:created");
    }

    @Test
    void shouldNameTheFieldOfAnEventItCannotRead() {
        assertThatThrownBy(() -> EventCodec.decode("[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("an event is a JSON object");
        assertThatThrownBy(() -> EventCodec.decode("{\"kind\":\"application\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("org: missing or not a string");
        assertThatThrownBy(() -> EventCodec.decode(
                        "{\"kind\":\"application\",\"type\":\"exploded\",\"org\":\"a\",\"env\":\"b\",\"operationId\":\"o\",\"at\":\"2026-01-01T00:00:00Z\",\"application\":\"x\"}"
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("type: unknown application event 'exploded'");
        assertThatThrownBy(() -> EventCodec.decode(
                        "{\"kind\":\"application\",\"type\":\"ready\",\"org\":\"a\",\"env\":\"b\",\"operationId\":\"o\",\"at\":\"yesterday\"}"
                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("at: not an ISO-8601 instant");
    }
}
