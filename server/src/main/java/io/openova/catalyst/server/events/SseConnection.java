package io.openova.catalyst.server.events;

import io.openova.catalyst.projector.Fanout;
import io.openova.catalyst.spine.Subscription;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the event stream: the frames its hub hands over are written to the HTTP response at once while the
 * connection takes them (the shared frame's bytes, no copy, no completion callback), and queued here while its write
 * queue is full (the client does not read). Queued frames count against the subscription's buffer limit
 * ({@link Fanout#DEFAULT_BUFFER_LIMIT}) until the connection drains; then they go out together, in one write.
 */
final class SseConnection implements Fanout.Sink<Buffer> {
    private static final Logger LOGGER = LoggerFactory.getLogger(SseConnection.class);

    private final SseEventSink sink;
    private final HttpServerResponse response;
    private final String client;
    // guarded by this; writes to the response happen under this lock too, so frames keep their order
    private final List<Buffer> queued = new ArrayList<>();
    private final List<Runnable> queuedWritten = new ArrayList<>();

    private volatile Subscription subscription;
    private volatile boolean gone;

    /**
     * @param sink RESTEasy's sink of the request, which wrote the response head; closing it ends the response
     * @param response the same response, written to directly with the rendered frames
     * @param client names the connection in logs (Organization and Environment)
     */
    SseConnection(SseEventSink sink, HttpServerResponse response, String client) {
        this.sink = sink;
        this.response = response;
        this.client = client;
        response.drainHandler(drained -> drain());
    }

    /** The subscription to close when the client goes away. */
    void attach(Subscription subscription) {
        this.subscription = subscription;
        if (gone) {
            subscription.close();
        }
    }

    @Override
    public void send(Buffer frame, Runnable written) {
        if (gone || sink.isClosed()) {
            throw new IllegalStateException("the client went away");
        }
        try {
            synchronized (this) {
                if (!queued.isEmpty() || response.writeQueueFull()) {
                    queued.add(frame);
                    queuedWritten.add(written);
                    return;
                }
                response.write(frame);
            }
        } catch (RuntimeException e) {
            gone(e);
            throw e;
        }
        written.run();
    }

    /** On the connection's event loop: the client read, its write queue has room again. */
    private void drain() {
        List<Runnable> written;
        try {
            synchronized (this) {
                if (queued.isEmpty() || gone) {
                    return;
                }
                Buffer batch;
                if (queued.size() == 1) {
                    batch = queued.getFirst();
                } else {
                    int length = 0;
                    for (Buffer frame : queued) {
                        length += frame.length();
                    }
                    batch = Buffer.buffer(length);
                    for (Buffer frame : queued) {
                        batch.appendBuffer(frame);
                    }
                }
                response.write(batch);
                written = List.copyOf(queuedWritten);
                queued.clear();
                queuedWritten.clear();
            }
        } catch (RuntimeException e) {
            gone(e);
            return;
        }
        written.forEach(Runnable::run);
    }

    @Override
    public void overflow() {
        sink.close();
    }

    /** The client went away: the subscription ends, off the event loop (it may wait for its hub). */
    private void gone(Throwable cause) {
        if (gone) {
            return;
        }
        gone = true;
        LOGGER.debug("Event stream client gone {}: {}", client, cause.toString());
        Thread.ofVirtual().start(() -> {
            Subscription s = subscription;
            if (s != null) {
                s.close();
            }
            sink.close();
        });
    }
}
