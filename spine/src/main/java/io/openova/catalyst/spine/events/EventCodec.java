package io.openova.catalyst.spine.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.api.event.EnvironmentEvent;
import io.openova.catalyst.api.event.EventMeta;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Events on the wire (docs/events.md, "Subjects and event types"): the subject each is published on, its dedupe id, and
 * its JSON payload, a flat object with {@code kind} and {@code type} beside the fields of the event.
 *
 * <pre>
 * catalyst.&lt;org&gt;.&lt;env&gt;.app.&lt;application&gt;.&lt;type&gt;   {"kind":"application","type":"committed",...}
 * catalyst.&lt;org&gt;.&lt;env&gt;.env.&lt;type&gt;                 {"kind":"environment","type":"created",...}
 * </pre>
 */
public final class EventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventCodec() {}

    /** The subject of {@code event}; see the class comment. */
    public static String subject(CatalystEvent event) {
        String base = "catalyst." + event.meta().org() + "." + event.meta().env() + ".";
        return switch (event) {
            case ApplicationEvent a -> base + "app." + a.application() + "." + a.type();
            case EnvironmentEvent e -> base + "env." + e.type();
        };
    }

    /** All events of one Environment: {@code catalyst.<org>.<env>.>}. */
    public static String environmentFilter(EnvironmentRef env) {
        return "catalyst." + env.org() + "." + env.env() + ".>";
    }

    /**
     * The dedupe id: the same fact published twice (a retry, or the recovery pass after a crash) is stored once. A fact
     * about a commit is identified by the commit (unique across Environments: each history starts with a commit naming
     * its Environment), the type and the Application; any other by its operation. At most 116 characters, within the
     * spine's limit of 128.
     */
    public static String dedupeId(CatalystEvent event) {
        String what =
                switch (event) {
                    case ApplicationEvent a -> a.type() + ":" + a.application();
                    case EnvironmentEvent e -> "env:" + e.type();
                };
        return event.meta().commitId().orElse(event.meta().operationId()) + ":" + what;
    }

    public static byte[] encode(CatalystEvent event) {
        ObjectNode out = JSON.createObjectNode();
        EventMeta meta = event.meta();
        out.put("kind", event instanceof ApplicationEvent ? "application" : "environment");
        out.put("type", event.type());
        out.put("org", meta.org());
        out.put("env", meta.env());
        out.put("operationId", meta.operationId());
        meta.commitId().ifPresent(c -> out.put("commitId", c));
        out.put("at", meta.at().toString());
        switch (event) {
            case ApplicationEvent.Requested e -> app(out, e).put("action", e.action());
            case ApplicationEvent.Validated e ->
                app(out, e).put("blueprint", e.blueprint()).put("version", e.version());
            case ApplicationEvent.Committed e ->
                app(out, e)
                        .put("action", e.action())
                        .put("blueprint", e.blueprint())
                        .put("version", e.version());
            case ApplicationEvent.Failed e ->
                app(out, e).put("status", e.status()).put("detail", e.detail());
            case ApplicationEvent.Reconciling e ->
                app(out, e).put("reason", e.reason()).put("message", e.message());
            case ApplicationEvent.Ready e ->
                app(out, e).put("reason", e.reason()).put("message", e.message());
            case ApplicationEvent.Degraded e ->
                app(out, e).put("reason", e.reason()).put("message", e.message());
            case ApplicationEvent.Uninstalled e -> app(out, e);
            case EnvironmentEvent.Created e -> {}
            case EnvironmentEvent.RolledBack e -> out.put("target", e.target());
        }
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new IllegalStateException("an event is always writable", e);
        }
    }

    private static ObjectNode app(ObjectNode out, ApplicationEvent event) {
        return out.put("application", event.application());
    }

    /**
     * Reads an event written by {@link #encode}.
     *
     * @throws IllegalArgumentException naming the field, for anything else
     */
    public static CatalystEvent decode(byte[] payload) {
        JsonNode in = object(payload, "an event");
        EventMeta meta;
        try {
            meta = new EventMeta(
                    new EnvironmentRef(text(in, "org"), text(in, "env")),
                    text(in, "operationId"),
                    Optional.ofNullable(in.get("commitId")).map(JsonNode::asText),
                    Instant.parse(text(in, "at")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at: not an ISO-8601 instant", e);
        }
        String kind = text(in, "kind");
        String type = text(in, "type");
        if (kind.equals("environment")) {
            return switch (type) {
                case "created" -> new EnvironmentEvent.Created(meta);
                case "rolled-back" -> new EnvironmentEvent.RolledBack(meta, text(in, "target"));
                default -> throw new IllegalArgumentException("type: unknown environment event '" + type + "'");
            };
        }
        if (!kind.equals("application")) {
            throw new IllegalArgumentException("kind: unknown kind '" + kind + "'");
        }
        String app = text(in, "application");
        return switch (type) {
            case "requested" -> new ApplicationEvent.Requested(meta, app, text(in, "action"));
            case "validated" -> new ApplicationEvent.Validated(meta, app, text(in, "blueprint"), text(in, "version"));
            case "committed" ->
                new ApplicationEvent.Committed(
                        meta, app, text(in, "action"), text(in, "blueprint"), text(in, "version"));
            case "failed" ->
                new ApplicationEvent.Failed(meta, app, in.path("status").asInt(), text(in, "detail"));
            case "reconciling" -> new ApplicationEvent.Reconciling(meta, app, text(in, "reason"), text(in, "message"));
            case "ready" -> new ApplicationEvent.Ready(meta, app, text(in, "reason"), text(in, "message"));
            case "degraded" -> new ApplicationEvent.Degraded(meta, app, text(in, "reason"), text(in, "message"));
            case "uninstalled" -> new ApplicationEvent.Uninstalled(meta, app);
            default -> throw new IllegalArgumentException("type: unknown application event '" + type + "'");
        };
    }

    /**
     * {@code payload} as a JSON object.
     *
     * @throws IllegalArgumentException saying {@code what} must be one, for anything else
     */
    static JsonNode object(byte[] payload, String what) {
        JsonNode in;
        try {
            in = JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is a JSON object: " + e.getMessage(), e);
        }
        if (in == null || !in.isObject()) {
            throw new IllegalArgumentException(what + " is a JSON object");
        }
        return in;
    }

    /** The string {@code field} of {@code in}; an IllegalArgumentException naming it when missing or not a string. */
    static String text(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + ": missing or not a string");
        }
        return value.asText();
    }
}
