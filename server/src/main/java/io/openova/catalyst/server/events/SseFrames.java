package io.openova.catalyst.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.projector.EnvironmentReadModel;
import io.openova.catalyst.projector.Fanout;
import io.openova.catalyst.projector.OperationView;
import io.openova.catalyst.projector.ReadModelCodec;
import io.openova.catalyst.spine.events.EventCodec;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The SSE frames of the event stream (docs/events.md, "The API"), rendered once per event by the Environment's hub and
 * written as the same bytes to each of its clients: {@code content-type}, {@code id}, {@code event} and {@code data}
 * lines as RESTEasy's SSE writer wrote them, and comments.
 */
final class SseFrames implements Fanout.Renderer<Buffer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Buffer HEARTBEAT = Buffer.buffer(":heartbeat\n\n");

    @Override
    public Buffer snapshot(EnvironmentReadModel model, long sequence) {
        return frame(
                Long.toString(sequence),
                "snapshot",
                ReadModelCodec.toJson(model).toString());
    }

    @Override
    public Buffer event(long sequence, CatalystEvent event, EnvironmentReadModel model) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("event", readTree(EventCodec.encode(event)));
        if (event instanceof ApplicationEvent app) {
            model.application(app.application())
                    .ifPresent(view -> data.set("application", ReadModelCodec.toJson(view)));
        }
        model.operationFor(event).ifPresent(op -> data.set("operation", ReadModelCodec.toJson(op)));
        return frame(Long.toString(sequence), event.type(), data.toString());
    }

    @Override
    public Buffer expired(List<OperationView> operations, EnvironmentReadModel model) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        operations.forEach(o -> data.add(ReadModelCodec.toJson(o)));
        return frame(null, "expired", data.toString());
    }

    @Override
    public Buffer heartbeat() {
        return HEARTBEAT;
    }

    /** A comment line, such as {@code : connected}. */
    static Buffer comment(String text) {
        return Buffer.buffer(":" + text + "\n\n");
    }

    /** One event; every line of {@code data} becomes a {@code data:} line. */
    static Buffer frame(String id, String name, String data) {
        StringBuilder frame = new StringBuilder(data.length() + 64).append("content-type:application/json\n");
        if (id != null) {
            frame.append("id:").append(id).append('\n');
        }
        frame.append("event:").append(name).append('\n');
        frame.append("data:");
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                frame.append("\ndata:");
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                frame.append(c);
            }
        }
        frame.append("\n\n");
        return Buffer.buffer(frame.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("an encoded event is JSON", e);
        }
    }
}
