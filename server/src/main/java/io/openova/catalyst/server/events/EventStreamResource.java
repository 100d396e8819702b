package io.openova.catalyst.server.events;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.projector.Fanout;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.provisioning.ApplicationResource;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Live status of an Environment as Server-Sent Events (docs/events.md, "SSE"): a {@code snapshot} of the read model,
 * then one event per fact, each with the stream sequence as its id, so a client that reconnects with
 * {@code Last-Event-ID} misses nothing and gets nothing twice. Comments keep idle connections open; a client too slow
 * for its buffer is disconnected and resumes the same way. The clients of one Environment share its hub in the
 * {@link Fanout}: the frames are rendered once ({@link SseFrames}) and the same bytes written to each
 * ({@link SseConnection}). Authorization happened once, at connect, in the request filter.
 */
@Path("/api/v1/orgs/{org}/environments/{env}/events")
@Tag(name = "Status")
@Blocking
public class EventStreamResource {
    /** How long one write to a client may take before the client counts as gone. */
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    private final Fanout<Buffer> fanout;
    private final LocalEnvironmentRepositories repositories;

    EventStreamResource(Fanout<Buffer> fanout, LocalEnvironmentRepositories repositories) {
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
            @Context Sse sse,
            @Context HttpServerResponse response) {
        EnvironmentRef ref = ApplicationResource.ref(org, env);
        OptionalLong last = lastEventId(lastEventId);
        if (!repositories.exists(ref)) {
            throw ApiException.notFound("no Environment " + ref);
        }
        // The response head goes out now, through RESTEasy, before the Environment's hub writes frames to the response
        // directly (SseConnection): RESTEasy Reactive writes the head after this method returns unless it is written
        // already, and when two threads write it at once one fails ("Response head already sent", seen in bench/).
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
        SseConnection connection = new SseConnection(sink, response, "org=" + org + " environment=" + env);
        connection.attach(fanout.subscribe(ref, last, Fanout.DEFAULT_BUFFER_LIMIT, connection));
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
