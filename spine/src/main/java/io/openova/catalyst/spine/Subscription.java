package io.openova.catalyst.spine;

/**
 * A running delivery: a durable-consumer subscription, a live follow or a key-value watch. Closing it stops the
 * delivery; a callback already running may finish, no new one starts. Closing twice does nothing.
 */
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
