package io.openova.catalyst.server.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.projector.EnvironmentReadModel;
import io.openova.catalyst.projector.Fanout;
import io.openova.catalyst.projector.OperationView;
import io.openova.catalyst.projector.ReadModelCodec;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.provisioning.ApplicationResource;
import io.openova.catalyst.server.security.Authorize;
import io.openova.catalyst.spine.Subscription;
import io.openova.catalyst.spine.events.EventCodec;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Live status of an Environment as Server-Sent Events (docs/events.md, "SSE"): a {@code snapshot} of the read model,
 * then one event per fact, each with the stream sequence as its id, so a client that reconnects with
 * {@code Last-Event-ID} misses nothing and gets nothing twice. Comments keep idle connections open; a client too slow
 * for its buffer is disconnected and resumes the same way.
 */
@Path("/api/v1/orgs/{org}/environments/{env}/events")
@Tag(name = "Status")
@Blocking
public class EventStreamResource {
    /** How long one write to a client may take before the client counts as gone. */
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Fanout fanout;
    private final LocalEnvironmentRepositories repositories;

    EventStreamResource(Fanout fanout, LocalEnvironmentRepositories repositories) {
        this.fanout = fanout;
        this.repositories = repositories;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live status", description = "A snapshot, then changes; resumable with Last-Event-ID.")
    @Authorize(Action.ENVIRONMENT_READ)
    public void stream(
            @PathParam("org") String org,
            @PathParam("env") String env,
            @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink,
            @Context Sse sse) {
        EnvironmentRef ref = ApplicationResource.ref(org, env);
        OptionalLong last = lastEventId(lastEventId);
        if (!repositories.exists(ref)) {
            throw ApiException.notFound("no Environment " + ref);
        }
        // The response head goes out now, on this thread, before the subscription's thread can send: RESTEasy Reactive
        // writes the head after this method returns unless it is written already, and when two threads write it at
        // once one fails ("Response head already sent") and the stream ends (seen with 1,000 clients, bench/).
        try {
            sink.send(sse.newEventBuilder().comment("connected").build())
                    .toCompletableFuture()
                    .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.close();
            return;
        } catch (ExecutionException | TimeoutException e) {
            sink.close();
            return;
        }
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        Subscription started = fanout.subscribe(ref, last, Fanout.DEFAULT_BUFFER_LIMIT, new Fanout.Sink() {
            @Override
            public void snapshot(EnvironmentReadModel model, long sequence) {
                send(sse.newEventBuilder()
                        .id(Long.toString(sequence))
                        .name("snapshot")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(ReadModelCodec.toJson(model).toString())
                        .build());
            }

            @Override
            public void event(long sequence, CatalystEvent event, EnvironmentReadModel model) {
                ObjectNode data = JsonNodeFactory.instance.objectNode();
                data.set("event", readTree(EventCodec.encode(event)));
                if (event instanceof ApplicationEvent app) {
                    model.application(app.application())
                            .ifPresent(view -> data.set("application", ReadModelCodec.toJson(view)));
                }
                model.operationFor(event).ifPresent(op -> data.set("operation", ReadModelCodec.toJson(op)));
                send(sse.newEventBuilder()
                        .id(Long.toString(sequence))
                        .name(event.type())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(data.toString())
                        .build());
            }

            @Override
            public void heartbeat() {
                send(sse.newEventBuilder().comment("heartbeat").build());
            }

            @Override
            public void expired(List<OperationView> operations, EnvironmentReadModel model) {
                ArrayNode data = JsonNodeFactory.instance.arrayNode();
                operations.forEach(o -> data.add(ReadModelCodec.toJson(o)));
                send(sse.newEventBuilder()
                        .name("expired")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(data.toString())
                        .build());
            }

            @Override
            public void overflow() {
                sink.close();
            }

            private void send(OutboundSseEvent event) {
                if (sink.isClosed()) {
                    close();
                    throw new IllegalStateException("the client went away");
                }
                try {
                    sink.send(event).toCompletableFuture().get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("interrupted while writing to the client", e);
                } catch (ExecutionException | TimeoutException e) {
                    close();
                    throw new IllegalStateException("the client went away", e);
                }
            }

            private void close() {
                Subscription s = subscription.get();
                if (s != null) {
                    s.close();
                }
                sink.close();
            }
        });
        subscription.set(started);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an encoded event is JSON", e);
        }
    }

    /**
     * The event to resume after. Anything but a whole number (a client's corrupt state, an id of another stream) gets a
     * clean full snapshot, as does an id beyond the stream (the fan-out sees to that): never an error.
     */
    static OptionalLong lastEventId(String header) {
        if (header == null || !header.strip().matches("[0-9]{1,18}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(header.strip()));
    }
}
