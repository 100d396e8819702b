package io.openova.catalyst.spine;

/**
 * One delivery of a message to a durable consumer. The consumer has one message in flight at a time: the next one is
 * delivered only once this one is acknowledged. Until then the same message comes again, at once after {@link #nak},
 * or when the consumer's ack wait has passed since this delivery. Both methods may be called from any thread.
 */
public interface Delivery {

    /** The message delivered. */
    SpineMessage message();

    /** How often this message has been delivered to this consumer, this time included: 1 on the first delivery. */
    long deliveryCount();

    /**
     * Acknowledges the message: it is never delivered to this consumer again. Returns once the acknowledgement is
     * stored, so a restart after {@code ack()} returned does not deliver the message again.
     *
     * @throws SpineException if the acknowledgement could not be stored; the message will come again
     */
    void ack();

    /** Refuses the message for now: it is delivered again at once. */
    void nak();
}
