package io.openova.catalyst.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client of an Environment's event stream, as a browser holds it: a kept-open HTTP/1.1 {@code GET} with
 * {@code Accept: text/event-stream}, over a plain socket to a loopback server, read by a virtual thread of its own
 * ({@link SseStream}). The {@code snapshot} completes {@link #snapshot()}; every later event whose data holds a
 * {@linkplain EventsBenchmark#MARKER benchmark marker} is recorded as received by this client, timed when its last line
 * arrived. A stream that ends, or stays silent longer than the server's heartbeats allow, fails the run.
 */
final class SseClient implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** The server sends a heartbeat after 15 s without events: four times that without a byte is a dead stream. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private final int receiver;
    private final Socket socket;
    private final Deliveries deliveries;
    private final LongAdder eventBytes;
    private final CompletableFuture<Void> snapshot = new CompletableFuture<>();
    private final Thread reader;
    private volatile boolean closing;

    private SseClient(int receiver, Socket socket, Deliveries deliveries, LongAdder eventBytes) {
        this.receiver = receiver;
        this.socket = socket;
        this.deliveries = deliveries;
        this.eventBytes = eventBytes;
        this.reader = Thread.ofVirtual().name("sse-client-" + receiver).unstarted(this::read);
    }

    /**
     * Connects to {@code baseUrl} (a loopback {@code http://} URL, checked by {@link Options#loopback}) and sends the
     * {@code GET} of {@code path}; the answer is read on the client's own thread.
     *
     * @param eventBytes adds up the data bytes of the marked events this client gets
     */
    static SseClient open(URI baseUrl, String path, int receiver, Deliveries deliveries, LongAdder eventBytes)
            throws IOException {
        Socket socket = new Socket();
        try {
            int port = baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
            socket.connect(new InetSocketAddress(baseUrl.getHost(), port), CONNECT_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + baseUrl.getHost() + ":" + port
                            + "\r\nAccept: text/event-stream\r\nUser-Agent: catalyst-bench\r\n"
                            + BenchCaller.headerLine() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        SseClient client = new SseClient(receiver, socket, deliveries, eventBytes);
        client.reader.start();
        return client;
    }

    /** Completes when the {@code snapshot} arrived; fails when the answer is not a {@code 200} event stream. */
    CompletableFuture<Void> snapshot() {
        return snapshot;
    }

    private void read() {
        int events = 0;
        try {
            SseStream stream = new SseStream(socket.getInputStream());
            int status = stream.readHead();
            if (status != 200) {
                throw new IOException("the event stream answered " + status);
            }
            SseStream.Listener listener = this::onEvent;
            while (stream.next(listener)) {
                events++;
            }
            if (!closing) {
                fail("the server ended the stream after " + events + " events", null);
            }
        } catch (SocketTimeoutException e) {
            fail("no byte for " + READ_TIMEOUT_MILLIS / 1000 + " s after " + events + " events", e);
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                fail(e + " after " + events + " events", e);
            }
        }
    }

    private void onEvent(String name, byte[] data, int length) {
        long at = System.nanoTime();
        if ("snapshot".equals(name)) {
            snapshot.complete(null);
            return;
        }
        int event = EventsBenchmark.eventOf(data, length);
        if (event >= 0) {
            eventBytes.add(length);
            deliveries.received(receiver, event, at);
        }
    }

    private void fail(String message, Exception cause) {
        String failure = "SSE client " + receiver + ": " + message;
        snapshot.completeExceptionally(new IllegalStateException(failure, cause));
        deliveries.fail(failure);
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing more to read
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
