package io.openova.catalyst.spine;

/**
 * Receives the messages of a durable consumer, one at a time, in stream order. The handler acknowledges each message
 * with {@link Delivery#ack}, during the call or later from another thread. If it throws, the exception is logged and
 * the message stays unacknowledged: it comes again when the ack wait has passed.
 */
@FunctionalInterface
public interface DeliveryHandler {

    void onDelivery(Delivery delivery) throws Exception;
}
