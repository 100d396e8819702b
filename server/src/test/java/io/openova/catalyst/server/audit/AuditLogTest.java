package io.openova.catalyst.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.ForwardingEventSpine;
import io.openova.catalyst.spine.PublishAck;
import io.openova.catalyst.spine.SpineException;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.Subjects;
import io.openova.catalyst.spine.embedded.EmbeddedEventSpine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on a real embedded spine: pages, filters, the Sovereign's merge, and the outbox. */
class AuditLogTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final ObjectMapper JSON =
            JsonMapper.builder().findAndAddModules().build();

    @TempDir
    Path dir;

    private FlakySpine spine;
    private AuditLog log;

    @BeforeEach
    void open() {
        spine = new FlakySpine(new EmbeddedEventSpine(dir.resolve("events")));
        log = new AuditLog(spine, JSON, new AuditOutbox(dir.resolve("audit-outbox")));
    }

    @AfterEach
    void close() {
        spine.close();
    }

    private static AuditEntry entry(String org, int n, String actor, String action, String result, String target) {
        return new AuditEntry(
                0,
                null,
                T0.plusSeconds(n),
                actor,
                Optional.of(org),
                org,
                action,
                "POST",
                target,
                result.equals("success") ? 201 : 403,
                result,
                Optional.of("op-" + n),
                Optional.empty());
    }

    private static AuditEntry entry(String org, int n) {
        return entry(org, n, "alice", "application.install", "success", "/api/v1/orgs/" + org + "/environments/prod");
    }

    private static AuditQuery query(String limit, String cursor) {
        return AuditQuery.parse(new AuditQuery.Parameters(limit, cursor, null, null, null, null, null, null, null));
    }

    private static List<String> operations(List<AuditEntry> entries) {
        return entries.stream().map(e -> e.operationId().orElseThrow()).toList();
    }

    @Test
    void shouldPageNewestFirstAndEndWithoutCursorWhenFollowingCursors() {
        // Given
        for (int n = 1; n <= 5; n++) {
            log.record(entry("acme", n));
        }

        // When
        AuditLog.AuditPage first = log.page("acme", query("2", null));
        AuditLog.AuditPage second =
                log.page("acme", query("2", first.next().orElseThrow().toString()));
        AuditLog.AuditPage third =
                log.page("acme", query("2", second.next().orElseThrow().toString()));

        // Then
        assertThat(operations(first.entries())).containsExactly("op-5", "op-4");
        assertThat(operations(second.entries())).containsExactly("op-3", "op-2");
        assertThat(operations(third.entries())).containsExactly("op-1");
        assertThat(third.next()).isEmpty();
        assertThat(first.entries().getFirst().sequence()).isPositive();
        assertThat(first.entries().getFirst().recorded()).isNotNull();
    }

    @Test
    void shouldReadOnlyTheEndOfALongStreamWhenAskedForTheNewestPage() {
        // Given
        for (int n = 1; n <= 3000; n++) {
            log.record(entry("acme", n));
        }
        spine.messagesRead.set(0);

        // When
        AuditLog.AuditPage page = log.page("acme", query("10", null));

        // Then
        assertThat(operations(page.entries())).startsWith("op-3000", "op-2999").hasSize(10);
        assertThat(spine.messagesRead.get()).isLessThanOrEqualTo(AuditLog.FIRST_WINDOW + 16);
    }

    @Test
    void shouldFindAnOldEntryBehindThousandsOfOtherEventsWhenTheSpansWiden() {
        // Given
        log.record(entry("acme", 1));
        for (int n = 0; n < 2500; n++) {
            spine.publish("catalyst.acme.prod.env.created", "other-" + n, new byte[0]);
        }
        log.record(entry("acme", 2));

        // When
        AuditLog.AuditPage page = log.page("acme", query("10", null));

        // Then
        assertThat(operations(page.entries())).containsExactly("op-2", "op-1");
        assertThat(page.next()).isEmpty();
    }

    @Test
    void shouldKeepOnlyMatchingEntriesWhenFiltered() {
        // Given
        log.record(entry("acme", 1, "alice", "application.install", "success", "/api/v1/orgs/acme/environments/prod"));
        log.record(entry("acme", 2, "bob", "application.install", "refused", "/api/v1/orgs/acme/environments/dev"));
        log.record(entry("acme", 3, "alice", "environment.create", "success", "/api/v1/orgs/acme/environments"));
        log.record(entry(
                "acme",
                4,
                "alice",
                "application.uninstall",
                "success",
                "/api/v1/orgs/acme/environments/prod/applications/db"));

        // When
        List<String> byActor =
                filtered(new AuditQuery.Parameters(null, null, "bob", null, null, null, null, null, null));
        List<String> byAction = filtered(
                new AuditQuery.Parameters(null, null, null, "application.install", null, null, null, null, null));
        List<String> byResult =
                filtered(new AuditQuery.Parameters(null, null, null, null, "success", null, null, null, null));
        List<String> byEnvironment =
                filtered(new AuditQuery.Parameters(null, null, null, null, null, "prod", null, null, null));
        List<String> byTime = filtered(new AuditQuery.Parameters(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                T0.plusSeconds(2).toString(),
                T0.plusSeconds(4).toString()));
        List<String> combined =
                filtered(new AuditQuery.Parameters(null, null, "alice", null, "success", "prod", null, null, null));

        // Then
        assertThat(byActor).containsExactly("op-2");
        assertThat(byAction).containsExactly("op-2", "op-1");
        assertThat(byResult).containsExactly("op-4", "op-3", "op-1");
        assertThat(byEnvironment).containsExactly("op-4", "op-1");
        assertThat(byTime).containsExactly("op-3", "op-2");
        assertThat(combined).containsExactly("op-4", "op-1");
    }

    private List<String> filtered(AuditQuery.Parameters parameters) {
        return operations(log.page("acme", AuditQuery.parse(parameters)).entries());
    }

    @Test
    void shouldStopReadingAtEntriesRecordedBeforeSinceWhenTheStreamIsLong() {
        // Given
        for (int n = 1; n <= 1500; n++) {
            log.record(entry("acme", n));
        }
        Instant since = Instant.now().plusSeconds(3600);
        spine.messagesRead.set(0);

        // When
        AuditLog.AuditPage page = log.page(
                "acme",
                AuditQuery.parse(
                        new AuditQuery.Parameters(null, null, null, null, null, null, null, since.toString(), null)));

        // Then
        assertThat(page.entries()).isEmpty();
        assertThat(spine.messagesRead.get()).isLessThanOrEqualTo(AuditLog.FIRST_WINDOW + 16);
    }

    @Test
    void shouldMergeOrganizationsNewestFirstAndGiveEveryEntryOnceWhenPaging() {
        // Given
        for (int n = 1; n <= 7; n++) {
            log.record(entry(n % 2 == 0 ? "acme" : "globex", n));
        }

        // When
        List<String> seen = new ArrayList<>();
        Optional<AuditQuery.Cursor> cursor = Optional.empty();
        int pages = 0;
        do {
            AuditLog.AuditPage page = log.sovereign(
                    List.of("acme", "globex"),
                    query("3", cursor.map(AuditQuery.Cursor::toString).orElse(null)));
            seen.addAll(operations(page.entries()));
            cursor = page.next();
            pages++;
        } while (cursor.isPresent());

        // Then
        assertThat(seen).containsExactly("op-7", "op-6", "op-5", "op-4", "op-3", "op-2", "op-1");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void shouldKeepEntriesInTheOutboxAndPublishThemInOrderWhenTheSpineIsBack() {
        // Given
        spine.refusing.set(true);
        log.record(entry("acme", 1));
        spine.refusing.set(false);
        log.record(entry("acme", 2));

        // When
        int waitingBefore = log.waiting();
        List<AuditEntry> before = log.page("acme", query("10", null)).entries();
        int published = log.drain();

        // Then
        assertThat(waitingBefore).as("the second waits behind the first").isEqualTo(2);
        assertThat(before).isEmpty();
        assertThat(published).isEqualTo(2);
        assertThat(log.waiting()).isZero();
        assertThat(operations(log.page("acme", query("10", null)).entries())).containsExactly("op-2", "op-1");
    }

    @Test
    void shouldKeepPublishingOtherOrganizationsWhenOneOrganizationsStreamCannotBeReached() {
        // Given
        spine.unreachable.set("globex");
        log.record(entry("globex", 1));

        // When
        log.record(entry("acme", 2));
        log.drain();

        // Then
        assertThat(operations(log.page("acme", query("10", null)).entries())).containsExactly("op-2");
        assertThat(log.waiting()).as("globex's entry still waits").isEqualTo(1);

        // When
        spine.unreachable.set("");
        log.drain();

        // Then
        assertThat(operations(log.page("globex", query("10", null)).entries())).containsExactly("op-1");
        assertThat(log.waiting()).isZero();
    }

    @Test
    void shouldPublishWhatWaitedBeforeARestartWhenReopened() {
        // Given
        spine.refusing.set(true);
        log.record(entry("acme", 1));
        log.drain();
        spine.refusing.set(false);

        // When
        AuditLog reopened = new AuditLog(spine, JSON, new AuditOutbox(dir.resolve("audit-outbox")));
        int waiting = reopened.waiting();
        reopened.drain();

        // Then
        assertThat(waiting).isEqualTo(1);
        assertThat(operations(reopened.page("acme", query("10", null)).entries()))
                .containsExactly("op-1");
    }

    @Test
    void shouldStoreAnEntryOnceWhenPublishedAgainAfterACrashBeforeItsFileWasDeleted() throws IOException {
        // Given
        spine.refusing.set(true);
        log.record(entry("acme", 1));
        spine.refusing.set(false);
        Path parked;
        try (Stream<Path> files = Files.list(dir.resolve("audit-outbox").resolve("acme"))) {
            parked = files.findFirst().orElseThrow();
        }
        byte[] content = Files.readAllBytes(parked);
        log.drain();

        // When
        Files.write(parked, content);
        int again = new AuditOutbox(dir.resolve("audit-outbox")).drain(spine);

        // Then
        assertThat(again).isEqualTo(1);
        assertThat(spine.read("acme", 0, Subjects.audit("acme"), EventSpine.MAX_READ))
                .hasSize(1);
    }

    @Test
    void shouldSetAnUnreadableEntryAsideAndPublishTheOthersWhenDraining() throws IOException {
        // Given
        spine.refusing.set(true);
        log.record(entry("acme", 1));
        spine.refusing.set(false);
        Files.writeString(
                dir.resolve("audit-outbox").resolve("acme").resolve("00000000000000000001.entry"), "no newline");

        // When
        int published = new AuditOutbox(dir.resolve("audit-outbox")).drain(spine);

        // Then
        assertThat(published).isEqualTo(1);
        assertThat(dir.resolve("audit-outbox").resolve("acme").resolve("00000000000000000001.entry.unreadable"))
                .exists();
    }

    @Test
    void shouldSetAsideAnEntryTheSpineCallsInvalidAndPublishTheNextWhenDraining() throws IOException {
        // Given
        Path folder = dir.resolve("audit-outbox").resolve("acme");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("00000000000000000001.entry"), "not a subject\naudit:1\n{}");
        spine.refusing.set(true);
        log.record(entry("acme", 2));
        spine.refusing.set(false);

        // When
        int published = new AuditOutbox(dir.resolve("audit-outbox")).drain(spine);

        // Then
        assertThat(published).isEqualTo(1);
        assertThat(folder.resolve("00000000000000000001.entry.unreadable")).exists();
        assertThat(operations(log.page("acme", query("10", null)).entries())).containsExactly("op-2");
    }

    /** The embedded spine, refusing publishes on demand and counting the messages its reads return. */
    private static final class FlakySpine extends ForwardingEventSpine {
        final AtomicBoolean refusing = new AtomicBoolean();
        /** An Organization whose stream cannot be reached, as one without NATS credentials. */
        final AtomicReference<String> unreachable = new AtomicReference<>("");

        final AtomicLong messagesRead = new AtomicLong();

        FlakySpine(EventSpine delegate) {
            super(delegate);
        }

        @Override
        public PublishAck publish(String subject, String dedupeId, Map<String, String> headers, byte[] payload) {
            if (refusing.get() || subject.startsWith(Subjects.ROOT + "." + unreachable.get() + ".")) {
                throw new SpineException("the spine is unreachable (test)");
            }
            return super.publish(subject, dedupeId, headers, payload);
        }

        @Override
        public List<SpineMessage> read(String organization, long afterSequence, String filter, int max) {
            List<SpineMessage> messages = super.read(organization, afterSequence, filter, max);
            messagesRead.addAndGet(messages.size());
            return messages;
        }
    }
}
