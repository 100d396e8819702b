package io.openova.catalyst.api.blueprint;

import java.util.Map;
import java.util.Objects;

/** One member of a composite Blueprint, with the config the composite curates for it. */
public record CompositeMember(String blueprint, Map<String, Object> config) {
    public CompositeMember {
        Objects.requireNonNull(blueprint, "blueprint");
        config = JsonValues.immutableObject(config);
    }
}
