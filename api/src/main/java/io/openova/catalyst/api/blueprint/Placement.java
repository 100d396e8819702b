package io.openova.catalyst.api.blueprint;

import java.util.Arrays;
import java.util.Optional;

/** Where a Blueprint may run (spec §1). */
public enum Placement {
    /** The Sovereign's management cluster only. */
    CONTROL_PLANE("control-plane"),
    /** Every host cluster a Sovereign owns: mgt, rtz and dmz. */
    HOST_CLUSTER("host-cluster"),
    /** Inside an Organization's vcluster, installed as an Application. */
    APPLICATION("application");

    private final String id;

    Placement(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Placement> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
