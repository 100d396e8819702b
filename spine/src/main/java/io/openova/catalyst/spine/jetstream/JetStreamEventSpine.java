package io.openova.catalyst.spine.jetstream;

import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import io.openova.catalyst.spine.Delivery;
import io.openova.catalyst.spine.DeliveryHandler;
import io.openova.catalyst.spine.DurableConsumer;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.MessageListener;
import io.openova.catalyst.spine.Names;
import io.openova.catalyst.spine.PublishAck;
import io.openova.catalyst.spine.SpineException;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.Subjects;
import io.openova.catalyst.spine.Subscription;
import io.openova.catalyst.spine.jetstream.JetStreamConnections.OrganizationConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NATS JetStream {@link EventSpine}. Each Organization has a stream {@code CATALYST_<ORG>} capturing
 * {@code catalyst.<org>.>} in its own account, created on first use (or brought back to the configured
 * {@link StreamSettings} if it differs): file storage, limits retention, discard-new, {@code deny_delete} and
 * {@code deny_purge} (facts are append-only). Publishing sets {@code Nats-Msg-Id} to the dedupe id and expects the
 * Organization's stream.
 *
 * <p>A durable consumer is a JetStream durable pull consumer with explicit acks, the given ack wait, unlimited
 * deliveries and {@code max_ack_pending} 1, so that messages are handled one at a time in stream order, redeliveries
 * included. A follow is an ordered push consumer (ephemeral, no acks, flow control and idle heartbeats, recreated by the
 * client when a message is missed), on a dispatcher of its own. {@link #read} walks the stream with
 * next-by-subject message gets.
 *
 * <p>The adapter never closes the {@link JetStreamConnections} it was given.
 */
public final class JetStreamEventSpine implements EventSpine {
    private static final Logger LOGGER = LoggerFactory.getLogger(JetStreamEventSpine.class);

    /** Stream names are this prefix and the Organization in upper case. */
    public static final String STREAM_PREFIX = "CATALYST_";

    private static final String DEDUPE_HEADER = "Nats-Msg-Id";
    private static final int STREAM_NOT_FOUND = 10059;
    private static final int STREAM_NAME_IN_USE = 10058;

    private final JetStreamConnections connections;
    private final StreamSettings settings;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();
    private final Set<NatsSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A spine with {@link StreamSettings#defaults()}. */
    public JetStreamEventSpine(JetStreamConnections connections) {
        this(connections, StreamSettings.defaults());
    }

    public JetStreamEventSpine(JetStreamConnections connections, StreamSettings settings) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The name of {@code organization}'s stream: {@code CATALYST_<ORG>}. */
    public static String streamName(String organization) {
        return STREAM_PREFIX + Names.requireOrganization(organization).toUpperCase(Locale.ROOT);
    }

    /** The configuration this adapter gives {@code organization}'s stream. */
    public StreamConfiguration streamConfiguration(String organization) {
        return StreamConfiguration.builder()
                .name(streamName(organization))
                .subjects(Subjects.all(organization))
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.New)
                .maxAge(settings.maxAge())
                .maxBytes(settings.maxBytes())
                .duplicateWindow(settings.duplicateWindow())
                .replicas(settings.replicas())
                .denyDelete(true)
                .denyPurge(true)
                .build();
    }

    @Override
    public PublishAck publish(String subject, String dedupeId, Map<String, String> headers, byte[] payload) {
        String organization = Subjects.requireSubject(subject);
        Names.requireDedupeId(dedupeId);
        SortedMap<String, String> checkedHeaders = Names.requireHeaders(headers);
        Names.requirePayload("payload", payload);
        OrganizationConnection connection = ensureStream(organization);
        Headers natsHeaders = new Headers();
        checkedHeaders.forEach(natsHeaders::put);
        PublishOptions options = PublishOptions.builder()
                .messageId(dedupeId)
                .expectedStream(streamName(organization))
                .build();
        try {
            io.nats.client.api.PublishAck ack = connection.jetStream().publish(subject, natsHeaders, payload, options);
            return new PublishAck(organization, ack.getSeqno(), ack.isDuplicate());
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamConnections.failure("publish to '" + subject + "'", e);
        }
    }

    @Override
    public List<SpineMessage> read(String organization, long afterSequence, String filter, int max) {
        Subjects.requireFilter(organization, filter);
        requireAfterSequence(afterSequence);
        if (max < 1 || max > MAX_READ) {
            throw new IllegalArgumentException("max must be between 1 and " + MAX_READ + ", was " + max);
        }
        OrganizationConnection connection = ensureStream(organization);
        String stream = streamName(organization);
        List<SpineMessage> messages = new ArrayList<>();
        long next = afterSequence + 1;
        while (messages.size() < max) {
            MessageInfo info;
            try {
                info = connection.management().getNextMessage(stream, next, filter);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NatsJetStreamConstants.JS_NO_MESSAGE_FOUND_ERR) {
                    break;
                }
                throw JetStreamConnections.failure("read stream " + stream + " after " + next, e);
            } catch (IOException e) {
                throw JetStreamConnections.failure("read stream " + stream + " after " + next, e);
            }
            messages.add(toSpineMessage(
                    stream, info.getSubject(), info.getSeq(), info.getHeaders(), info.getData(), info.getTime()));
            next = info.getSeq() + 1;
        }
        return messages;
    }

    @Override
    public long lastSequence(String organization) {
        OrganizationConnection connection = ensureStream(organization);
        try {
            return connection
                    .management()
                    .getStreamInfo(streamName(organization))
                    .getStreamState()
                    .getLastSequence();
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamConnections.failure("read the last sequence of " + streamName(organization), e);
        }
    }

    @Override
    public Subscription subscribe(DurableConsumer consumer, DeliveryHandler handler) {
        if (consumer == null || handler == null) {
            throw new IllegalArgumentException("consumer and handler must not be null");
        }
        OrganizationConnection connection = ensureStream(consumer.organization());
        String stream = streamName(consumer.organization());
        String action = "subscribe durable consumer '" + consumer.name() + "' of stream " + stream;
        try {
            requireSameFilter(connection, stream, consumer);
            connection
                    .management()
                    .addOrUpdateConsumer(
                            stream,
                            ConsumerConfiguration.builder()
                                    .durable(consumer.name())
                                    .filterSubject(consumer.filter())
                                    .deliverPolicy(DeliverPolicy.All)
                                    .ackPolicy(AckPolicy.Explicit)
                                    .ackWait(consumer.ackWait())
                                    .maxDeliver(-1)
                                    .maxAckPending(1)
                                    .build());
            StreamContext streamContext = connection.jetStream().getStreamContext(stream);
            Duration ackTimeout = connections.requestTimeout();
            MessageConsumer messageConsumer = streamContext
                    .getConsumerContext(consumer.name())
                    .consume(message -> {
                        SpineMessage spineMessage;
                        try {
                            spineMessage = toSpineMessage(stream, message);
                        } catch (SpineException e) {
                            LOGGER.error(
                                    "Durable consumer skips a message it cannot read organization={} consumer={}",
                                    consumer.organization(),
                                    consumer.name(),
                                    e);
                            message.term();
                            return;
                        }
                        try {
                            handler.onDelivery(new NatsDelivery(message, spineMessage, ackTimeout));
                        } catch (Exception e) {
                            LOGGER.warn(
                                    "Durable consumer handler failed organization={} consumer={} sequence={}:"
                                            + " redelivering after the ack wait",
                                    consumer.organization(),
                                    consumer.name(),
                                    spineMessage.sequence(),
                                    e);
                        }
                    });
            return register(new NatsSubscription(
                    () -> {
                        messageConsumer.stop();
                        messageConsumer.close();
                    },
                    action));
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamConnections.failure(action, e);
        }
    }

    @Override
    public boolean deleteConsumer(String organization, String name) {
        Names.requireConsumerName(name);
        OrganizationConnection connection = ensureStream(organization);
        String stream = streamName(organization);
        try {
            return connection.management().deleteConsumer(stream, name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NatsJetStreamConstants.JS_CONSUMER_NOT_FOUND_ERR) {
                return false;
            }
            throw JetStreamConnections.failure("delete durable consumer '" + name + "' of stream " + stream, e);
        } catch (IOException e) {
            throw JetStreamConnections.failure("delete durable consumer '" + name + "' of stream " + stream, e);
        }
    }

    @Override
    public Subscription follow(String organization, long afterSequence, String filter, MessageListener listener) {
        Subjects.requireFilter(organization, filter);
        requireAfterSequence(afterSequence);
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        OrganizationConnection connection = ensureStream(organization);
        String stream = streamName(organization);
        ConsumerConfiguration.Builder configuration =
                ConsumerConfiguration.builder().filterSubject(filter);
        if (afterSequence == 0) {
            configuration.deliverPolicy(DeliverPolicy.All);
        } else {
            configuration.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(afterSequence + 1);
        }
        String action = "follow stream " + stream + " with filter '" + filter + "'";
        // A push consumer: the server sends each message as it is stored. The pull-based ordered consumer of
        // jnats 2.26 (consume()) stalled, on nats-server 2.9, about one consumer in a thousand whenever its
        // 30 s pull expired as a message arrived, and more under load, until its heartbeat alarm a minute later.
        Dispatcher dispatcher = connection.connection().createDispatcher();
        try {
            JetStreamSubscription subscription = connection
                    .jetStream()
                    .subscribe(
                            filter,
                            dispatcher,
                            message -> {
                                if (message.metaData().streamSequence() <= afterSequence) {
                                    // the server starts a consumer past the end of the stream at its end
                                    return;
                                }
                                try {
                                    listener.onMessage(toSpineMessage(stream, message));
                                } catch (RuntimeException e) {
                                    LOGGER.warn(
                                            "Follow listener failed organization={} filter={} subject={}",
                                            organization,
                                            filter,
                                            message.getSubject(),
                                            e);
                                }
                            },
                            false,
                            PushSubscribeOptions.builder().stream(stream)
                                    .ordered(true)
                                    .configuration(configuration.build())
                                    .build());
            return register(new NatsSubscription(
                    () -> {
                        dispatcher.unsubscribe(subscription);
                        connection.connection().closeDispatcher(dispatcher);
                    },
                    action));
        } catch (IOException | JetStreamApiException e) {
            connection.connection().closeDispatcher(dispatcher);
            throw JetStreamConnections.failure(action, e);
        } catch (RuntimeException e) {
            connection.connection().closeDispatcher(dispatcher);
            throw e;
        }
    }

    /** Stops every subscription of this adapter; the connections stay open. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(subscriptions).forEach(NatsSubscription::close);
    }

    @Override
    public String toString() {
        return "JetStreamEventSpine[" + connections + ", " + settings + "]";
    }

    private static void requireAfterSequence(long afterSequence) {
        if (afterSequence < 0) {
            throw new IllegalArgumentException("after sequence must not be negative, was " + afterSequence);
        }
    }

    private NatsSubscription register(NatsSubscription subscription) {
        subscriptions.add(subscription);
        if (closed) {
            subscription.close();
            throw new SpineException("cannot " + subscription.action + ": the event spine is closed");
        }
        return subscription;
    }

    private static void requireSameFilter(OrganizationConnection connection, String stream, DurableConsumer consumer)
            throws IOException, JetStreamApiException {
        ConsumerInfo existing;
        try {
            existing = connection.management().getConsumerInfo(stream, consumer.name());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NatsJetStreamConstants.JS_CONSUMER_NOT_FOUND_ERR) {
                return;
            }
            throw e;
        }
        String filter = existing.getConsumerConfiguration().getFilterSubject();
        if (!consumer.filter().equals(filter)) {
            throw new IllegalStateException("durable consumer '" + consumer.name() + "' of organization '"
                    + consumer.organization() + "' exists with filter '" + filter + "', not '" + consumer.filter()
                    + "': delete the consumer to change its filter");
        }
    }

    /** Creates the Organization's stream, or updates it to the settings, once per adapter and Organization. */
    private OrganizationConnection ensureStream(String organization) {
        Names.requireOrganization(organization);
        if (closed) {
            throw new SpineException("cannot use the stream of '" + organization + "': the event spine is closed");
        }
        OrganizationConnection connection = connections.forOrganization(organization);
        if (ensured.contains(organization)) {
            return connection;
        }
        StreamConfiguration desired = streamConfiguration(organization);
        String stream = desired.getName();
        try {
            try {
                StreamInfo info = connection.management().getStreamInfo(stream);
                updateIfChanged(connection, info.getConfiguration(), desired);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                try {
                    connection.management().addStream(desired);
                    LOGGER.info("Created stream organization={} stream={}", organization, stream);
                } catch (JetStreamApiException raced) {
                    if (raced.getApiErrorCode() != STREAM_NAME_IN_USE) {
                        throw raced;
                    }
                    updateIfChanged(
                            connection,
                            connection.management().getStreamInfo(stream).getConfiguration(),
                            desired);
                }
            }
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamConnections.failure("create or update stream " + stream, e);
        }
        ensured.add(organization);
        return connection;
    }

    private static void updateIfChanged(
            OrganizationConnection connection, StreamConfiguration current, StreamConfiguration desired)
            throws IOException, JetStreamApiException {
        boolean same = current.getSubjects().equals(desired.getSubjects())
                && current.getStorageType() == desired.getStorageType()
                && current.getRetentionPolicy() == desired.getRetentionPolicy()
                && current.getDiscardPolicy() == desired.getDiscardPolicy()
                && current.getMaxAge().equals(desired.getMaxAge())
                && current.getMaxBytes() == desired.getMaxBytes()
                && current.getDuplicateWindow().equals(desired.getDuplicateWindow())
                && current.getReplicas() == desired.getReplicas()
                && current.getDenyDelete() == desired.getDenyDelete()
                && current.getDenyPurge() == desired.getDenyPurge();
        if (!same) {
            connection.management().updateStream(desired);
            LOGGER.info("Updated stream organization={} stream={}", connection.organization(), desired.getName());
        }
    }

    private static SpineMessage toSpineMessage(String stream, Message message) {
        return toSpineMessage(
                stream,
                message.getSubject(),
                message.metaData().streamSequence(),
                message.getHeaders(),
                message.getData(),
                message.metaData().timestamp());
    }

    /** Rebuilds the spine message from what JetStream stored, leaving out the headers NATS keeps for itself. */
    static SpineMessage toSpineMessage(
            String stream, String subject, long sequence, Headers headers, byte[] data, ZonedDateTime time) {
        String dedupeId = headers == null ? null : headers.getFirst(DEDUPE_HEADER);
        SortedMap<String, String> kept = new TreeMap<>();
        if (headers != null) {
            for (String name : headers.keySet()) {
                if (!name.toLowerCase(Locale.ROOT).startsWith(Names.RESERVED_HEADER_PREFIX)) {
                    kept.put(name, headers.getFirst(name));
                }
            }
        }
        try {
            return new SpineMessage(
                    subject, sequence, dedupeId, kept, data == null ? new byte[0] : data, time.toInstant());
        } catch (IllegalArgumentException e) {
            throw new SpineException(
                    "message " + sequence + " of stream " + stream + " was not published through the spine: "
                            + e.getMessage(),
                    e);
        }
    }

    /** A delivery of a JetStream message; acks wait for the server's confirmation. */
    private record NatsDelivery(Message natsMessage, SpineMessage message, Duration ackTimeout) implements Delivery {

        @Override
        public long deliveryCount() {
            return natsMessage.metaData().deliveredCount();
        }

        @Override
        public void ack() {
            try {
                natsMessage.ackSync(ackTimeout);
            } catch (TimeoutException | InterruptedException e) {
                throw JetStreamConnections.failure(
                        "acknowledge message " + message.sequence() + " of " + message.organization(), e);
            }
        }

        @Override
        public void nak() {
            natsMessage.nak();
        }
    }

    /** Stops what a subscription started on the client. */
    @FunctionalInterface
    private interface Stopper {
        void stop() throws Exception;
    }

    /** A running JetStream consumer, stopped and unsubscribed on close. */
    private final class NatsSubscription implements Subscription {
        private final Stopper stopper;
        private final String action;
        private boolean stopped;

        NatsSubscription(Stopper stopper, String action) {
            this.stopper = stopper;
            this.action = action;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
            }
            subscriptions.remove(this);
            try {
                stopper.stop();
            } catch (Exception e) {
                LOGGER.warn("Cannot close subscription cleanly action={}", action, e);
            }
        }
    }
}
