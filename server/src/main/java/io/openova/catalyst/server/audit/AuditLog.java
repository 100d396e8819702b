package io.openova.catalyst.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.Subjects;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: each entry is a fact on its Organization's stream of the event spine, subject
 * {@code catalyst.<org>.audit.<action>} (docs/security.md), so it is kept, replicated and isolated per Organization
 * exactly like the Organization's other events.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditLog.class);
    /** The most entries one query returns. */
    public static final int MAX_ENTRIES = 500;

    private final EventSpine spine;
    private final ObjectMapper json;

    AuditLog(EventSpine spine, ObjectMapper json) {
        this.spine = spine;
        this.json = json;
    }

    /** Appends {@code entry} to its Organization's audit log. */
    public void record(AuditEntry entry) {
        String subject = Subjects.ROOT + "." + entry.organization() + "." + Subjects.AUDIT + "."
                + entry.action().toLowerCase(Locale.ROOT).replace('.', '-');
        try {
            spine.publish(subject, "audit:" + UUID.randomUUID(), json.writeValueAsBytes(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an audit entry", e);
        }
    }

    /** The newest {@code limit} entries of {@code organization}, newest first. */
    public List<AuditEntry> newest(String organization, int limit) {
        Deque<AuditEntry> newest = new ArrayDeque<>();
        long after = 0;
        while (true) {
            List<SpineMessage> page =
                    spine.read(organization, after, Subjects.audit(organization), EventSpine.MAX_READ);
            for (SpineMessage message : page) {
                after = message.sequence();
                decode(message).ifPresent(entry -> {
                    newest.addFirst(entry);
                    if (newest.size() > limit) {
                        newest.removeLast();
                    }
                });
            }
            if (page.size() < EventSpine.MAX_READ) {
                return List.copyOf(new ArrayList<>(newest));
            }
        }
    }

    private java.util.Optional<AuditEntry> decode(SpineMessage message) {
        try {
            return java.util.Optional.of(
                    json.readValue(message.payload(), AuditEntry.class).withSequence(message.sequence()));
        } catch (IOException e) {
            LOGGER.warn(
                    "Skipping an unreadable audit entry org={} sequence={}: {}",
                    message.organization(),
                    message.sequence(),
                    e.getMessage());
            return java.util.Optional.empty();
        }
    }
}
