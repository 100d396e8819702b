package io.openova.catalyst.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.environment.EnvironmentRef;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read models as JSON: the value stored per Environment in the key-value store, and the views the API and the SSE
 * stream send. Field names are the record components'; an absent {@code Optional} is left out; instants are ISO-8601;
 * enums are their names, condition statuses {@code True}/{@code False}/{@code Unknown}.
 *
 * <p>A stored model carries {@code "format": }{@value #FORMAT}. A model of another format cannot be read: the
 * {@link Projector} then rebuilds the Organization's read models from the stream, which is how the format evolves.
 */
public final class ReadModelCodec {

    /** The format of stored models this code writes and reads. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadModelCodec() {}

    /** The stored form of {@code model}. */
    public static byte[] encode(EnvironmentReadModel model) {
        try {
            return JSON.writeValueAsBytes(toJson(model));
        } catch (IOException e) {
            throw new IllegalStateException("a read model is always writable", e);
        }
    }

    /**
     * Reads a model written by {@link #encode}.
     *
     * @throws IllegalArgumentException naming the field, for anything else (including another format)
     */
    public static EnvironmentReadModel decode(byte[] value) {
        JsonNode in;
        try {
            in = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("a read model is a JSON object: " + e.getMessage(), e);
        }
        if (in == null || !in.isObject()) {
            throw new IllegalArgumentException("a read model is a JSON object");
        }
        JsonNode format = in.get("format");
        if (format == null || !format.isInt() || format.asInt() != FORMAT) {
            throw new IllegalArgumentException("format: expected " + FORMAT + ", was " + format);
        }
        JsonNode sequence = in.get("lastSequence");
        if (sequence == null || !sequence.canConvertToLong()) {
            throw new IllegalArgumentException("lastSequence: missing or not a number");
        }
        return new EnvironmentReadModel(
                new EnvironmentRef(text(in, "org"), text(in, "env")),
                sequence.asLong(),
                optionalText(in, "commitId"),
                list(in, "applications", ReadModelCodec::application),
                list(in, "operations", ReadModelCodec::operation),
                list(in, "unmatchedStatuses", ReadModelCodec::statusReport));
    }

    /** The whole model as JSON, as stored (a snapshot for SSE). */
    public static ObjectNode toJson(EnvironmentReadModel model) {
        ObjectNode out = JSON.createObjectNode();
        out.put("format", FORMAT);
        out.put("org", model.environment().org());
        out.put("env", model.environment().env());
        out.put("lastSequence", model.lastSequence());
        model.commitId().ifPresent(c -> out.put("commitId", c));
        ArrayNode applications = out.putArray("applications");
        model.applications().forEach(a -> applications.add(toJson(a)));
        ArrayNode operations = out.putArray("operations");
        model.operations().forEach(o -> operations.add(toJson(o)));
        ArrayNode unmatched = out.putArray("unmatchedStatuses");
        model.unmatchedStatuses().forEach(r -> unmatched.add(toJson(r)));
        return out;
    }

    public static ObjectNode toJson(ApplicationView view) {
        ObjectNode out = JSON.createObjectNode();
        out.put("name", view.name());
        view.blueprint().ifPresent(b -> out.put("blueprint", b));
        view.version().ifPresent(v -> out.put("version", v));
        out.put("phase", view.phase().name());
        out.put("lastOperationId", view.lastOperationId());
        out.put("lastAction", view.lastAction());
        view.commitId().ifPresent(c -> out.put("commitId", c));
        ArrayNode conditions = out.putArray("conditions");
        view.conditions().forEach(c -> conditions
                .addObject()
                .put("type", c.type())
                .put("status", c.status().wire())
                .put("reason", c.reason())
                .put("message", c.message())
                .put("at", c.at().toString()));
        out.put("createdAt", view.createdAt().toString());
        out.put("updatedAt", view.updatedAt().toString());
        return out;
    }

    public static ObjectNode toJson(OperationView view) {
        ObjectNode out = JSON.createObjectNode();
        out.put("operationId", view.operationId());
        out.put("action", view.action());
        view.application().ifPresent(a -> out.put("application", a));
        out.put("state", view.state().name());
        view.commitId().ifPresent(c -> out.put("commitId", c));
        view.detail().ifPresent(d -> out.put("detail", d));
        out.put("startedAt", view.startedAt().toString());
        view.finishedAt().ifPresent(f -> out.put("finishedAt", f.toString()));
        ArrayNode steps = out.putArray("steps");
        view.steps().forEach(s -> steps.addObject()
                .put("type", s.type())
                .put("at", s.at().toString())
                .put("detail", s.detail()));
        return out;
    }

    public static ObjectNode toJson(StatusReport report) {
        return JSON.createObjectNode()
                .put("application", report.application())
                .put("commitId", report.commitId())
                .put("phase", report.phase().name())
                .put("reason", report.reason())
                .put("message", report.message())
                .put("at", report.at().toString());
    }

    private static ApplicationView application(JsonNode in) {
        return new ApplicationView(
                text(in, "name"),
                optionalText(in, "blueprint"),
                optionalText(in, "version"),
                enumValue(in, "phase", ApplicationPhase.class),
                text(in, "lastOperationId"),
                text(in, "lastAction"),
                optionalText(in, "commitId"),
                list(
                        in,
                        "conditions",
                        c -> new Condition(
                                text(c, "type"),
                                Condition.Status.fromWire(text(c, "status")),
                                text(c, "reason"),
                                text(c, "message"),
                                instant(c, "at"))),
                instant(in, "createdAt"),
                instant(in, "updatedAt"));
    }

    private static OperationView operation(JsonNode in) {
        return new OperationView(
                text(in, "operationId"),
                text(in, "action"),
                optionalText(in, "application"),
                enumValue(in, "state", OperationState.class),
                optionalText(in, "commitId"),
                optionalText(in, "detail"),
                instant(in, "startedAt"),
                optionalText(in, "finishedAt").map(f -> parseInstant("finishedAt", f)),
                list(in, "steps", s -> new OperationStep(text(s, "type"), instant(s, "at"), text(s, "detail"))));
    }

    private static StatusReport statusReport(JsonNode in) {
        return new StatusReport(
                text(in, "application"),
                text(in, "commitId"),
                enumValue(in, "phase", ApplicationPhase.class),
                text(in, "reason"),
                text(in, "message"),
                instant(in, "at"));
    }

    private static <T> List<T> list(JsonNode in, String field, Function<JsonNode, T> element) {
        JsonNode value = in.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException(field + ": missing or not an array");
        }
        List<T> out = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isObject()) {
                throw new IllegalArgumentException(field + ": an element is not an object");
            }
            out.add(element.apply(item));
        }
        return out;
    }

    private static String text(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + ": missing or not a string");
        }
        return value.asText();
    }

    private static Optional<String> optionalText(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + ": not a string");
        }
        return Optional.of(value.asText());
    }

    private static Instant instant(JsonNode in, String field) {
        return parseInstant(field, text(in, field));
    }

    private static Instant parseInstant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": not an ISO-8601 instant", e);
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonNode in, String field, Class<E> type) {
        String name = text(in, field);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": unknown value '" + name + "'", e);
        }
    }
}
