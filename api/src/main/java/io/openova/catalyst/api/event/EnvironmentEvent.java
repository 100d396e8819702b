package io.openova.catalyst.api.event;

import java.util.Objects;

/** Facts about an Environment as a whole. Subject: {@code catalyst.<org>.<env>.env.<type>}. */
public sealed interface EnvironmentEvent extends CatalystEvent {

    /** The Environment's repository was created with its first commit. */
    record Created(EventMeta meta) implements EnvironmentEvent {
        public Created {
            Objects.requireNonNull(meta, "meta");
        }

        @Override
        public String type() {
            return "created";
        }
    }

    /** The Environment was rolled back: {@code meta.commitId} restores the tree of {@code target}. */
    record RolledBack(EventMeta meta, String target) implements EnvironmentEvent {
        public RolledBack {
            Objects.requireNonNull(meta, "meta");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String type() {
            return "rolled-back";
        }
    }
}
