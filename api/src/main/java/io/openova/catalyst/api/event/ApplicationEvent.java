package io.openova.catalyst.api.event;

import java.util.Objects;

/**
 * The lifecycle of one Application (docs/events.md): requested, validated, committed or failed by provisioning;
 * reconciling, ready or degraded as Flux reports; uninstalled. Subject: {@code catalyst.<org>.<env>.app.<name>.<type>}.
 */
public sealed interface ApplicationEvent extends CatalystEvent {
    /** The Application's name, a DNS-1123 label. */
    String application();

    /** A user asked for {@code action} (install, reconfigure, upgrade, uninstall) on the Application. */
    record Requested(EventMeta meta, String application, String action) implements ApplicationEvent {
        public Requested {
            require(meta, application);
            Objects.requireNonNull(action, "action");
        }

        @Override
        public String type() {
            return "requested";
        }
    }

    /** The request's config passed the Blueprint's configSchema. */
    record Validated(EventMeta meta, String application, String blueprint, String version) implements ApplicationEvent {
        public Validated {
            require(meta, application);
            Objects.requireNonNull(blueprint, "blueprint");
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String type() {
            return "validated";
        }
    }

    /** The Application's desired state is in Git at {@code meta.commitId}, after {@code action}. */
    record Committed(EventMeta meta, String application, String action, String blueprint, String version)
            implements ApplicationEvent {
        public Committed {
            require(meta, application);
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(blueprint, "blueprint");
            Objects.requireNonNull(version, "version");
            if (meta.commitId().isEmpty()) {
                throw new IllegalArgumentException("a committed event needs its commit");
            }
        }

        @Override
        public String type() {
            return "committed";
        }
    }

    /** The request failed and changed nothing: {@code status} is the HTTP status it was answered with. */
    record Failed(EventMeta meta, String application, int status, String detail) implements ApplicationEvent {
        public Failed {
            require(meta, application);
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String type() {
            return "failed";
        }
    }

    /** Flux is applying the Application's commit ({@code meta.commitId} when Flux named the revision). */
    record Reconciling(EventMeta meta, String application, String reason, String message) implements ApplicationEvent {
        public Reconciling {
            require(meta, application);
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String type() {
            return "reconciling";
        }
    }

    /** Flux reports the Application ready. */
    record Ready(EventMeta meta, String application, String reason, String message) implements ApplicationEvent {
        public Ready {
            require(meta, application);
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String type() {
            return "ready";
        }
    }

    /** Flux reports the Application failing (install, upgrade or health check). */
    record Degraded(EventMeta meta, String application, String reason, String message) implements ApplicationEvent {
        public Degraded {
            require(meta, application);
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String type() {
            return "degraded";
        }
    }

    /** The Application's manifests left Git at {@code meta.commitId}, so Flux prunes them. */
    record Uninstalled(EventMeta meta, String application) implements ApplicationEvent {
        public Uninstalled {
            require(meta, application);
            if (meta.commitId().isEmpty()) {
                throw new IllegalArgumentException("an uninstalled event needs its commit");
            }
        }

        @Override
        public String type() {
            return "uninstalled";
        }
    }

    private static void require(EventMeta meta, String application) {
        Objects.requireNonNull(meta, "meta");
        io.openova.catalyst.api.environment.Names.require("application", application);
    }
}
