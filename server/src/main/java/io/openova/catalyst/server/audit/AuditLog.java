package io.openova.catalyst.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.server.provisioning.DataConfig;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.SpineException;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.Subjects;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: each entry is a fact on its Organization's stream of the event spine, subject
 * {@code catalyst.<org>.audit.<action>} (docs/security.md), so it is kept, replicated and isolated per Organization
 * exactly like the Organization's other events. An entry the spine cannot take waits in the {@link AuditOutbox} and is
 * published when the spine is back; none is dropped.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditLog.class);
    /**
     * Every entry is also one JSON line on this log category, for a log pipeline to ship (docs/security.md): to
     * OpenSearch when the SIEM Blueprints are installed, else to the Grafana stack, or to a rotated file of its own.
     */
    private static final Logger LINES = LoggerFactory.getLogger("catalyst.audit");
    /** How often the outbox is drained while entries wait in it. */
    private static final long DRAIN_MILLIS = 5_000;
    /** The first span of sequences read when walking a stream back from its end; each further span is 4 times wider. */
    static final long FIRST_WINDOW = 512;

    private static final long MAX_WINDOW = 1L << 16;
    private static final int MAX_PAGE = 256;

    private final EventSpine spine;
    private final ObjectMapper json;
    private final AuditOutbox outbox;
    private ScheduledExecutorService drainer;

    @Inject
    AuditLog(EventSpine spine, ObjectMapper json, DataConfig data) {
        this(spine, json, new AuditOutbox(Path.of(data.dataDir()).resolve("audit-outbox")));
    }

    AuditLog(EventSpine spine, ObjectMapper json, AuditOutbox outbox) {
        this.spine = spine;
        this.json = json;
        this.outbox = outbox;
    }

    void start(@Observes StartupEvent startup) {
        drain();
        drainer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("audit-outbox").factory());
        drainer.scheduleWithFixedDelay(this::drain, DRAIN_MILLIS, DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (drainer != null) {
            drainer.shutdownNow();
        }
    }

    /**
     * Appends {@code entry} to its Organization's audit log: on the spine, or in the outbox when the spine cannot take
     * it or entries of its Organization already wait there (so the Organization's log keeps their order).
     */
    public void record(AuditEntry entry) {
        String subject = subject(entry.organization(), entry.action());
        String dedupeId = "audit:" + UUID.randomUUID();
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an audit entry", e);
        }
        LINES.info("{}", new String(payload, StandardCharsets.UTF_8));
        if (outbox.isEmpty(entry.organization())) {
            try {
                spine.publish(subject, dedupeId, payload);
                return;
            } catch (SpineException e) {
                LOGGER.warn(
                        "The spine refused an audit entry, kept in the outbox org={} action={}: {}",
                        entry.organization(),
                        entry.action(),
                        e.getMessage());
            }
        }
        outbox.park(entry.organization(), subject, dedupeId, payload);
    }

    /** Publishes what waits in the outbox; returns how many entries were published. */
    int drain() {
        if (outbox.size() == 0) {
            return 0;
        }
        try {
            int published = outbox.drain(spine);
            if (published > 0) {
                LOGGER.info("Published audit entries from the outbox count={} waiting={}", published, outbox.size());
            }
            return published;
        } catch (RuntimeException e) {
            LOGGER.warn("Draining the audit outbox failed, retried in {} ms", DRAIN_MILLIS, e);
            return 0;
        }
    }

    /** How many entries wait in the outbox. */
    int waiting() {
        return outbox.size();
    }

    /**
     * A page of {@code organization}'s log, newest first in its stream's order: the entries {@code query} matches,
     * older than its cursor. Reads the stream back from its end (or the cursor) in ever wider spans, so a page costs
     * what it holds and what lies between it and the end, not the whole log.
     */
    public AuditPage page(String organization, AuditQuery query) {
        long end = query.cursor().map(AuditQuery.Cursor::sequence).orElse(Long.MAX_VALUE);
        List<AuditEntry> found = back(organization, query, end, query::matches, query.limit() + 1);
        return AuditPage.of(found, query.limit());
    }

    /**
     * A page of the merged log of {@code organizations}, newest first by when the spine recorded each entry: the
     * entries {@code query} matches that come after its cursor in {@link AuditQuery#NEWEST_FIRST}.
     */
    public AuditPage sovereign(Collection<String> organizations, AuditQuery query) {
        List<AuditEntry> merged = new ArrayList<>();
        for (String organization : organizations) {
            if (query.organization().filter(only -> !only.equals(organization)).isPresent()) {
                continue;
            }
            long end = query.cursor()
                    .filter(cursor -> cursor.organization().equals(organization))
                    .map(AuditQuery.Cursor::sequence)
                    .orElse(Long.MAX_VALUE);
            merged.addAll(back(
                    organization,
                    query,
                    end,
                    entry -> query.afterCursor(entry) && query.matches(entry),
                    query.limit() + 1));
        }
        merged.sort(AuditQuery.NEWEST_FIRST);
        return AuditPage.of(merged, query.limit());
    }

    /**
     * Up to {@code want} entries of {@code organization} with a sequence below {@code end} that {@code keep} accepts,
     * newest first. Stops early at entries recorded before {@code query.since()}: nothing older can match.
     */
    private List<AuditEntry> back(
            String organization, AuditQuery query, long end, Predicate<AuditEntry> keep, int want) {
        List<AuditEntry> found = new ArrayList<>();
        String subjects = query.subjects(organization);
        long upper = Math.min(end, spine.lastSequence(organization) + 1);
        long window = FIRST_WINDOW;
        while (upper > 1 && found.size() < want) {
            long after = Math.max(0, upper - 1 - window);
            List<SpineMessage> span = read(organization, subjects, after, upper);
            boolean older = !span.isEmpty();
            for (int i = span.size() - 1; i >= 0 && found.size() < want; i--) {
                Optional<AuditEntry> entry = decode(span.get(i));
                if (entry.isEmpty()) {
                    continue;
                }
                if (query.since().isEmpty()
                        || !entry.get().recorded().isBefore(query.since().get())) {
                    older = false;
                }
                if (keep.test(entry.get())) {
                    found.add(entry.get());
                }
            }
            if (query.since().isPresent() && older) {
                break;
            }
            upper = after + 1;
            window = Math.min(window * 4, MAX_WINDOW);
        }
        return found;
    }

    /** The messages of {@code subjects} with a sequence above {@code after} and below {@code upper}, in order. */
    private List<SpineMessage> read(String organization, String subjects, long after, long upper) {
        List<SpineMessage> span = new ArrayList<>();
        long from = after;
        int page = 16;
        while (true) {
            List<SpineMessage> messages = spine.read(organization, from, subjects, page);
            for (SpineMessage message : messages) {
                if (message.sequence() >= upper) {
                    return span;
                }
                span.add(message);
                from = message.sequence();
            }
            if (messages.size() < page) {
                return span;
            }
            page = Math.min(page * 2, MAX_PAGE);
        }
    }

    private Optional<AuditEntry> decode(SpineMessage message) {
        try {
            return Optional.of(json.readValue(message.payload(), AuditEntry.class)
                    .published(message.sequence(), message.published()));
        } catch (IOException e) {
            LOGGER.warn(
                    "Skipping an unreadable audit entry org={} sequence={}: {}",
                    message.organization(),
                    message.sequence(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The subject of {@code organization}'s audit entries of {@code action}: {@code application.install} is {@code
     * catalyst.<org>.audit.application-install}.
     */
    static String subject(String organization, String action) {
        return Subjects.ROOT + "." + organization + "." + Subjects.AUDIT + "."
                + action.toLowerCase(Locale.ROOT).replace('.', '-');
    }

    /** A page of entries, and where the next one starts if there is one. */
    public record AuditPage(List<AuditEntry> entries, Optional<AuditQuery.Cursor> next) {
        static AuditPage of(List<AuditEntry> found, int limit) {
            if (found.size() <= limit) {
                return new AuditPage(List.copyOf(found), Optional.empty());
            }
            List<AuditEntry> entries = List.copyOf(found.subList(0, limit));
            return new AuditPage(entries, Optional.of(AuditQuery.Cursor.of(entries.getLast())));
        }
    }
}
