package io.openova.catalyst.api.blueprint;

import java.util.Objects;

/** GPUs one replica needs, e.g. two {@code nvidia-a10}. */
public record Gpu(int count, String model) {
    public Gpu {
        Objects.requireNonNull(model, "model");
        if (count < 1) {
            throw new IllegalArgumentException("gpu count must be at least 1, got " + count);
        }
    }
}
