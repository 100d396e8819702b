package io.openova.catalyst.provisioning;

import java.util.Objects;
import java.util.Optional;

/**
 * Who asks, and how: a request id for tracing, an optional idempotency key (a retry with the same key returns the first
 * result and commits nothing), and whether this is only a preview.
 */
public record RequestContext(Optional<String> idempotencyKey, String requestId, String actor, boolean preview) {
    public static final int MAX_KEY_LENGTH = 200;

    public RequestContext {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(actor, "actor");
        idempotencyKey.ifPresent(key -> {
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
                        + " printable ASCII characters without spaces");
            }
        });
    }
}
