package io.openova.catalyst.spine;

import java.util.Arrays;

/**
 * One entry of a key-value bucket, or the deletion of one as a watch reports it.
 *
 * @param key the key
 * @param value the value (empty for a {@link Operation#DELETE}); the accessor returns a copy
 * @param revision the bucket's revision at this write: revisions grow with every write to the bucket, any key
 * @param operation whether the key was written or deleted
 */
public record KeyValueEntry(String key, byte[] value, long revision, Operation operation) {

    /** What a write did to its key. */
    public enum Operation {
        /** The key was created or given a new value. */
        PUT,
        /** The key was deleted. */
        DELETE
    }

    public KeyValueEntry {
        Names.requireKey(key);
        value = Names.requirePayload("value", value).clone();
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be at least 1, was " + revision);
        }
        if (operation == null) {
            throw new IllegalArgumentException("operation must not be null");
        }
    }

    /** A copy of the value. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyValueEntry that
                && revision == that.revision
                && key.equals(that.key)
                && operation == that.operation
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * key.hashCode() + Long.hashCode(revision)) + Arrays.hashCode(value);
    }

    /** Names the entry without its value, which may be large. */
    @Override
    public String toString() {
        return "KeyValueEntry[key=" + key + ", value=" + value.length + " bytes, revision=" + revision + ", operation="
                + operation + "]";
    }
}
