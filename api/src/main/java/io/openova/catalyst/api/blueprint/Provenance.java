package io.openova.catalyst.api.blueprint;

import java.util.Arrays;
import java.util.Optional;

/** Whose software a Blueprint packages. */
public enum Provenance {
    /** An open-source project, packaged as it is published upstream. */
    UPSTREAM("upstream"),
    /** OpenOva's own software: no upstream project to point at. */
    OPENOVA("openova");

    private final String id;

    Provenance(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Provenance> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
