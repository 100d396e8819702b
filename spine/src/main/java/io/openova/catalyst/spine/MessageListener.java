package io.openova.catalyst.spine;

/**
 * Receives the messages of a live follow in stream order, one call at a time. An exception thrown here is logged and
 * the follow goes on with the next message.
 */
@FunctionalInterface
public interface MessageListener {

    void onMessage(SpineMessage message);
}
