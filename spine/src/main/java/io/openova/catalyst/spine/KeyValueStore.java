package io.openova.catalyst.spine;

/**
 * The key-value port, where the projector keeps read models. Buckets belong to an Organization, like its stream: in
 * production each is a JetStream KV bucket in the Organization's NATS account ({@code jetstream.JetStreamKeyValueStore});
 * the embedded default keeps them in H2 ({@code embedded.EmbeddedKeyValueStore}). Implementations are thread-safe.
 */
public interface KeyValueStore extends AutoCloseable {

    /**
     * The bucket {@code name} of {@code organization}, created empty if it does not exist. Bucket names are DNS-1123
     * labels such as {@code environments}.
     */
    KeyValueBucket bucket(String organization, String name);

    /**
     * Deletes a bucket with all its keys; opening it again gives an empty bucket.
     *
     * @return {@code false} if there was no such bucket
     */
    boolean deleteBucket(String organization, String name);

    /** Stops every watch of this adapter and releases what it holds; using it afterwards fails. */
    @Override
    void close();
}
