package io.openova.catalyst.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** A change to the Applications of one Environment: each becomes exactly one commit (or none, in preview). */
public sealed interface Operation
        permits Operation.Install, Operation.Reconfigure, Operation.Upgrade, Operation.Uninstall, Operation.Rollback {

    /** The verb in commit messages and operation records. */
    String action();

    /**
     * Install {@code blueprint} as Application {@code name} at {@code version}: any version the catalog has, by default
     * its current one.
     */
    record Install(String name, String blueprint, Optional<String> version, JsonNode config) implements Operation {
        @Override
        public String action() {
            return "install";
        }
    }

    /** Replace the config of Application {@code name}; what is left out falls back to the Blueprint defaults. */
    record Reconfigure(String name, JsonNode config) implements Operation {
        @Override
        public String action() {
            return "reconfigure";
        }
    }

    /**
     * Move Application {@code name} to another Blueprint version: the user's values are kept (and checked against the
     * new schema), the new version's defaults apply to everything else; {@code config}, if given, replaces the values.
     */
    record Upgrade(String name, String version, Optional<JsonNode> config) implements Operation {
        @Override
        public String action() {
            return "upgrade";
        }
    }

    /** Remove Application {@code name} (and, for a composite, its members): its manifests leave Git, Flux prunes. */
    record Uninstall(String name) implements Operation {
        @Override
        public String action() {
            return "uninstall";
        }
    }

    /** Make the Environment what it was at {@code commit}, as a new commit on top. */
    record Rollback(String commit) implements Operation {
        @Override
        public String action() {
            return "rollback";
        }
    }
}
