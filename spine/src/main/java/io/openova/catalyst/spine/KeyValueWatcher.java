package io.openova.catalyst.spine;

/**
 * Receives what a {@link KeyValueBucket#watch} sees, one call at a time: first an entry for every key present when the
 * watch started, then {@link #onCaughtUp()} once, then every later write and deletion in revision order. An exception
 * thrown here is logged and the watch goes on.
 */
@FunctionalInterface
public interface KeyValueWatcher {

    void onEntry(KeyValueEntry entry);

    /** The entries present when the watch started have all been delivered (called once, even if there were none). */
    default void onCaughtUp() {}
}
