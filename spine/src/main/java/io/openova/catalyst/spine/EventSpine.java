package io.openova.catalyst.spine;

import java.util.List;
import java.util.Map;

/**
 * The event-spine port: facts published to one stream per Organization, read back in order, delivered to durable
 * consumers and followed live. Production runs on NATS JetStream ({@code jetstream.JetStreamEventSpine}), the
 * embedded default on H2 ({@code embedded.EmbeddedEventSpine}); both pass the same contract tests.
 *
 * <p>The port carries bytes: a payload and string headers. Typed events and their codecs live with the event types.
 *
 * <p><b>Sequences.</b> The subject's second token names the Organization, and each Organization has a stream of its
 * own, so sequences count per Organization: 1, 2, 3... in publish order. A sequence argument named
 * {@code afterSequence} is exclusive: reading after 0 starts at the first message, reading after 41 at message 42 (the
 * way a {@code Last-Event-ID} resumes).
 *
 * <p><b>Errors.</b> Bad input (subject, filter, name, dedupe id, headers, payload) is rejected with an
 * {@link IllegalArgumentException} naming it before anything is stored; failures of the store are
 * {@link SpineException}s. Implementations are thread-safe.
 */
public interface EventSpine extends AutoCloseable {

    /** The most messages one {@link #read} returns. */
    int MAX_READ = 1000;

    /**
     * Appends a message to its Organization's stream, once per dedupe id: publishing a dedupe id again within the
     * adapter's dedupe window stores nothing and returns the first message's sequence with {@code duplicate} set.
     *
     * @param subject {@code catalyst.<org>.<env>.<kind>...}, see {@link Subjects}
     * @param dedupeId what makes this fact unique, such as the Git commit it reports (see
     *     {@link Names#requireDedupeId})
     * @param headers string headers, possibly empty (see {@link Names#requireHeaders})
     * @param payload the message bytes, possibly empty, at most {@value Names#MAX_PAYLOAD_BYTES}
     */
    PublishAck publish(String subject, String dedupeId, Map<String, String> headers, byte[] payload);

    /** {@link #publish(String, String, Map, byte[])} without headers. */
    default PublishAck publish(String subject, String dedupeId, byte[] payload) {
        return publish(subject, dedupeId, Map.of(), payload);
    }

    /**
     * The messages of {@code organization}'s stream with a sequence greater than {@code afterSequence} whose subject
     * matches {@code filter}, in sequence order, at most {@code max} (1 to {@value #MAX_READ}). Fewer than {@code max}
     * means the stream had no more matching messages when read.
     */
    List<SpineMessage> read(String organization, long afterSequence, String filter, int max);

    /** The sequence of the last message in {@code organization}'s stream, 0 if it has none. */
    long lastSequence(String organization);

    /**
     * Starts delivering the messages of a durable consumer to {@code handler}, creating the consumer on first use.
     * Delivery starts after the last message the consumer acknowledged (at the first message for a new consumer),
     * one message at a time in sequence order, and goes on as messages are published, until the subscription is
     * closed. Subscribing again to an existing consumer may change its ack wait but not its filter.
     *
     * @throws IllegalStateException if the consumer exists with another filter (delete it to change the filter), or
     *     if this adapter instance already has an open subscription on it
     */
    Subscription subscribe(DurableConsumer consumer, DeliveryHandler handler);

    /**
     * Deletes a durable consumer and what it acknowledged; subscribing to the name again starts at the first message.
     *
     * @return {@code false} if there was no such consumer
     */
    boolean deleteConsumer(String organization, String name);

    /**
     * Follows {@code organization}'s stream live without keeping state in the spine (for Server-Sent Events): every
     * message with a sequence greater than {@code afterSequence} matching {@code filter}, the stored ones first, then
     * each new one as it is published, in sequence order, until the subscription is closed.
     */
    Subscription follow(String organization, long afterSequence, String filter, MessageListener listener);

    /** Stops every subscription of this adapter and releases what it holds; using it afterwards fails. */
    @Override
    void close();
}
