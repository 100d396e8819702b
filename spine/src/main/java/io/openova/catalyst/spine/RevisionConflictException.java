package io.openova.catalyst.spine;

/**
 * A revision-checked key-value write lost a race: {@link KeyValueBucket#create} found the key present, or
 * {@link KeyValueBucket#update} found it at another revision than expected (or absent). Nothing was written; read the
 * key again and retry with its new revision.
 */
public class RevisionConflictException extends SpineException {

    private final String bucket;
    private final String key;
    private final long expectedRevision;

    public RevisionConflictException(String bucket, String key, long expectedRevision, String message) {
        super(message);
        this.bucket = bucket;
        this.key = key;
        this.expectedRevision = expectedRevision;
    }

    /** The bucket written to. */
    public String bucket() {
        return bucket;
    }

    /** The key written to. */
    public String key() {
        return key;
    }

    /** The revision the writer expected, {@code 0} for a {@link KeyValueBucket#create} (expected absent). */
    public long expectedRevision() {
        return expectedRevision;
    }
}
