package io.openova.catalyst.spine;

import java.util.List;
import java.util.Optional;

/**
 * One key-value bucket of one Organization, holding the latest value of each key (read models). Every write gives the
 * bucket a new revision, and {@link #update} writes only if the key is still at the revision its caller read, so
 * concurrent writers never lose each other's changes. Keys are checked by {@link Names#requireKey}, values by
 * {@link Names#requirePayload}.
 */
public interface KeyValueBucket {

    /** The Organization that owns the bucket. */
    String organization();

    /** The bucket's name. */
    String name();

    /** The current entry of {@code key}, or empty if it is absent or deleted. */
    Optional<KeyValueEntry> get(String key);

    /**
     * Writes {@code key} only if it is absent (or deleted) and returns the new revision.
     *
     * @throws RevisionConflictException if the key is present
     */
    long create(String key, byte[] value);

    /** Writes {@code key} whatever its state and returns the new revision. */
    long put(String key, byte[] value);

    /**
     * Writes {@code key} only if its current revision is {@code expectedRevision} and returns the new revision.
     *
     * @throws RevisionConflictException if the key is at another revision, absent or deleted
     */
    long update(String key, byte[] value, long expectedRevision);

    /** Deletes {@code key}; watchers see a {@link KeyValueEntry.Operation#DELETE}. Does nothing if it is absent. */
    void delete(String key);

    /** Every present key, sorted. */
    List<String> keys();

    /**
     * The present keys equal to {@code prefix} or under it ({@code prefix + ".<more>"}), sorted. Prefixes match whole
     * dot-separated tokens: {@code dev} lists {@code dev.web} but not {@code dev2.web}.
     */
    List<String> keys(String prefix);

    /** Watches the whole bucket: current entries, then changes, see {@link KeyValueWatcher}. */
    Subscription watch(KeyValueWatcher watcher);
}
