package io.openova.catalyst.spine.jetstream;

/**
 * How the JetStream adapter configures the key-value buckets it creates: file storage, one value per key (no history).
 *
 * @param maxBytes how large a bucket may grow in bytes, or -1 for no limit but the account's
 * @param replicas 1 on a single server, 3 on a JetStream cluster
 */
public record BucketSettings(long maxBytes, int replicas) {

    public BucketSettings {
        if (maxBytes == 0 || maxBytes < -1) {
            throw new IllegalArgumentException("max bytes must be positive or -1 (no limit), was " + maxBytes);
        }
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("replicas must be between 1 and 5, was " + replicas);
        }
    }

    /** No size limit but the account's, 1 replica. */
    public static BucketSettings defaults() {
        return new BucketSettings(-1, 1);
    }
}
