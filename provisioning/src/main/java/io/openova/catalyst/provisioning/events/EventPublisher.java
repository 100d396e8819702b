package io.openova.catalyst.provisioning.events;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.CatalystEvent;
import java.util.List;
import java.util.Optional;

/**
 * Where provisioning publishes the facts of its commits: the event spine in the server. Publishing is idempotent (each
 * event's dedupe id names its commit), so a retry or the recovery pass never stores a fact twice.
 */
public interface EventPublisher {
    /** Publishes {@code events} in order; throws if any could not be published. */
    void publish(List<CatalystEvent> events);

    /** The newest commit of {@code env} whose events, and all before it, are known to be published. */
    Optional<String> publishedUpTo(EnvironmentRef env);

    /** Records that the events of {@code commitId} and every commit before it are published. */
    void publishedUpTo(EnvironmentRef env, String commitId);

    /** Publishes nothing: provisioning without an event spine. */
    EventPublisher NONE = new EventPublisher() {
        @Override
        public void publish(List<CatalystEvent> events) {}

        @Override
        public Optional<String> publishedUpTo(EnvironmentRef env) {
            return Optional.empty();
        }

        @Override
        public void publishedUpTo(EnvironmentRef env, String commitId) {}
    };
}
