package io.openova.catalyst.spine.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.event.CatalogEvent;
import io.openova.catalyst.spine.Subjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * Catalog changes on the wire (docs/events.md): {@code catalyst.<org>._catalog.<blueprint>.<type>} with a flat JSON
 * payload, {@code {"kind":"catalog","type":"updated","organization":...,"blueprint":...,"from":...,"to":...}}.
 */
public final class CatalogEventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogEventCodec() {}

    public static String subject(CatalogEvent event) {
        return Subjects.ROOT + "." + event.organization() + "." + Subjects.CATALOG + "." + event.blueprint() + "."
                + event.type();
    }

    /**
     * The same change of the same catalog revision told twice (a restart before the Organization's mark moved) is
     * stored once: a digest of the Organization, revision, Blueprint and type, within the spine's 128 characters.
     */
    public static String dedupeId(CatalogEvent event) {
        String identity =
                event.organization() + "\n" + event.catalogRevision() + "\n" + event.blueprint() + "\n" + event.type();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "catalog:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static byte[] encode(CatalogEvent event) {
        ObjectNode out = JSON.createObjectNode();
        out.put("kind", "catalog");
        out.put("type", event.type());
        out.put("organization", event.organization());
        out.put("blueprint", event.blueprint());
        out.put("catalogRevision", event.catalogRevision());
        out.put("at", event.at().toString());
        switch (event) {
            case CatalogEvent.Added e -> out.put("version", e.version());
            case CatalogEvent.Updated e -> out.put("from", e.from()).put("to", e.to());
            case CatalogEvent.Removed e -> out.put("version", e.version());
        }
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException("an event is always writable", e);
        }
    }

    /**
     * Reads a change written by {@link #encode}.
     *
     * @throws IllegalArgumentException naming the field, for anything else
     */
    public static CatalogEvent decode(byte[] payload) {
        JsonNode in = EventCodec.object(payload, "a catalog event");
        if (!"catalog".equals(in.path("kind").asText())) {
            throw new IllegalArgumentException("kind: expected 'catalog'");
        }
        Instant at;
        try {
            at = Instant.parse(EventCodec.text(in, "at"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at: not an ISO-8601 instant", e);
        }
        String org = EventCodec.text(in, "organization");
        String blueprint = EventCodec.text(in, "blueprint");
        String revision = EventCodec.text(in, "catalogRevision");
        String type = EventCodec.text(in, "type");
        return switch (type) {
            case "added" -> new CatalogEvent.Added(org, blueprint, EventCodec.text(in, "version"), revision, at);
            case "updated" ->
                new CatalogEvent.Updated(
                        org, blueprint, EventCodec.text(in, "from"), EventCodec.text(in, "to"), revision, at);
            case "removed" -> new CatalogEvent.Removed(org, blueprint, EventCodec.text(in, "version"), revision, at);
            default -> throw new IllegalArgumentException("type: unknown catalog event '" + type + "'");
        };
    }
}
