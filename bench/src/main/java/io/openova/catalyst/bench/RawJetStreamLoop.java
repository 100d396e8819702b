package io.openova.catalyst.bench;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The reference of the events benchmark: the same flow without Catalyst, on the same nats-server, with nothing but
 * jnats. A stream configured as the spine configures an Organization's stream (file storage, limits retention, discard
 * new, a seven-day duplicate window), senders that publish synchronously with a {@code Nats-Msg-Id} and an expected
 * stream as the spine does, and ordered push consumers, each on a dispatcher of its own, the way the spine follows a
 * stream for each SSE client. The senders are driven by {@link Deliveries}, as the
 * benchmark's senders are: each publishes its next message once every consumer got its last one.
 */
final class RawJetStreamLoop implements AutoCloseable {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final int INDEX_DIGITS = 10;

    private final Connection connection;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final String prefix;
    private int runs;

    /** What one run measured: its latencies, and the CPU time of this process and of nats-server meanwhile. */
    record Result(int consumers, int messages, Latencies latencies, OptionalLong cpuNanos, OptionalLong natsCpuNanos) {
        /** Messages received by every consumer, per second. */
        double messagesPerSecond() {
            return messages * 1e9 / latencies.wallNanos();
        }
    }

    private RawJetStreamLoop(Connection connection, String prefix) throws IOException {
        this.connection = connection;
        this.jetStream = connection.jetStream();
        this.management = connection.jetStreamManagement();
        this.prefix = prefix;
    }

    /**
     * Connects to {@code url} as {@code user} (an account's operator: the reference creates and deletes streams of its
     * own, named {@code BENCH_REFERENCE_<prefix>_<n>} on subjects {@code reference.<prefix>.<n>.>}).
     */
    static RawJetStreamLoop connect(String url, String user, String password, String prefix)
            throws IOException, InterruptedException {
        Connection connection = Nats.connect(io.nats.client.Options.builder()
                .server(url)
                .userInfo(user, password)
                .connectionName("catalyst-bench-reference")
                .connectionTimeout(REQUEST_TIMEOUT)
                .errorListener(new QuietErrorListener())
                .build());
        return new RawJetStreamLoop(connection, prefix);
    }

    /**
     * Creates a fresh stream and {@code consumers} ordered consumers on it, sends {@code warmup} messages of
     * {@code payloadBytes} (not counted), then {@code messages} timed ones from {@code senders} threads, and deletes the
     * stream. Each message is timed from just before its publish to its receipt by each consumer.
     */
    Result run(int consumers, int senders, int warmup, int messages, int payloadBytes, OptionalLong natsPid)
            throws IOException, JetStreamApiException {
        int run = ++runs;
        String stream = ("BENCH_REFERENCE_" + prefix + "_" + run).toUpperCase(Locale.ROOT);
        String subject = "reference." + prefix + "." + run + ".events";
        management.addStream(StreamConfiguration.builder()
                .name(stream)
                .subjects("reference." + prefix + "." + run + ".>")
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.New)
                .maxAge(Duration.ofDays(365))
                .maxBytes(1L << 30)
                .duplicateWindow(Duration.ofDays(7))
                .build());
        Deliveries deliveries = new Deliveries(consumers, warmup + messages);
        List<Dispatcher> started = new ArrayList<>();
        try {
            for (int c = 0; c < consumers; c++) {
                int consumer = c;
                Dispatcher dispatcher = connection.createDispatcher();
                started.add(dispatcher);
                jetStream.subscribe(
                        subject,
                        dispatcher,
                        message -> received(deliveries, consumer, message),
                        false,
                        PushSubscribeOptions.builder().stream(stream)
                                .ordered(true)
                                .configuration(ConsumerConfiguration.builder()
                                        .filterSubject(subject)
                                        .deliverPolicy(DeliverPolicy.All)
                                        .build())
                                .build());
            }
            Deliveries.Sender sender =
                    event -> publish(stream, subject, run + "-" + event, payload(event, payloadBytes));
            deliveries.drive(senders, 0, warmup, DELIVERY_TIMEOUT, sender);
            OptionalLong cpuBefore = ProvisioningBenchmark.cpuNanos(ProcessHandle.current());
            OptionalLong natsBefore = cpu(natsPid);
            deliveries.drive(senders, warmup, warmup + messages, DELIVERY_TIMEOUT, sender);
            OptionalLong cpuAfter = ProvisioningBenchmark.cpuNanos(ProcessHandle.current());
            OptionalLong natsAfter = cpu(natsPid);
            return new Result(
                    consumers,
                    messages,
                    deliveries.latencies(warmup, warmup + messages),
                    ProvisioningBenchmark.difference(cpuBefore, cpuAfter),
                    ProvisioningBenchmark.difference(natsBefore, natsAfter));
        } finally {
            started.forEach(connection::closeDispatcher);
            management.deleteStream(stream);
        }
    }

    /** The CPU time used so far by the process {@code pid}, when given and reported. */
    static OptionalLong cpu(OptionalLong pid) {
        if (pid.isEmpty()) {
            return OptionalLong.empty();
        }
        return ProcessHandle.of(pid.getAsLong())
                .map(ProvisioningBenchmark::cpuNanos)
                .orElse(OptionalLong.empty());
    }

    /** The message's payload: its index in ASCII digits, padded to {@code payloadBytes}. */
    static byte[] payload(int event, int payloadBytes) {
        byte[] payload = new byte[Math.max(INDEX_DIGITS, payloadBytes)];
        Arrays.fill(payload, (byte) 'x');
        byte[] index =
                String.format(Locale.ROOT, "%0" + INDEX_DIGITS + "d", event).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(index, 0, payload, 0, INDEX_DIGITS);
        return payload;
    }

    /** The index written by {@link #payload}. */
    static int indexOf(byte[] payload) {
        return Integer.parseInt(new String(payload, 0, INDEX_DIGITS, StandardCharsets.US_ASCII));
    }

    /** As the spine publishes: headers (none here), the dedupe id as {@code Nats-Msg-Id}, the expected stream. */
    private void publish(String stream, String subject, String dedupeId, byte[] payload)
            throws IOException, JetStreamApiException {
        PublishAck ack = jetStream.publish(
                subject,
                new Headers(),
                payload,
                PublishOptions.builder()
                        .messageId(dedupeId)
                        .expectedStream(stream)
                        .build());
        if (ack.isDuplicate()) {
            throw new IllegalStateException("message " + dedupeId + " was stored as a duplicate");
        }
    }

    private static void received(Deliveries deliveries, int consumer, Message message) {
        long at = System.nanoTime();
        deliveries.received(consumer, indexOf(message.getData()), at);
    }

    /**
     * Reports what goes wrong on the connection, and nothing else: jnats' default listener logs every flow-control
     * reply of a push consumer, a thousand lines a second in the fan-out round.
     */
    private static final class QuietErrorListener implements ErrorListener {
        @Override
        public void errorOccurred(Connection connection, String error) {
            System.err.println("bench: NATS error: " + error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            System.err.println("bench: NATS exception: " + exception);
        }

        @Override
        public void slowConsumerDetected(Connection connection, Consumer consumer) {
            System.err.println("bench: NATS slow consumer, dropped " + consumer.getDroppedCount());
        }

        @Override
        public void heartbeatAlarm(
                Connection connection,
                JetStreamSubscription subscription,
                long lastStreamSequence,
                long consumerSequence) {
            System.err.println("bench: NATS heartbeat alarm after stream sequence " + lastStreamSequence);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
