package io.openova.catalyst.provisioning;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.provisioning.events.EventPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** An event publisher that keeps what it was given, and can be told to fail the next publishes (a spine outage). */
final class RecordingPublisher implements EventPublisher {
    private final List<CatalystEvent> published = new ArrayList<>();
    private final Map<EnvironmentRef, String> marks = new HashMap<>();
    private final AtomicInteger failures = new AtomicInteger();

    @Override
    public synchronized void publish(List<CatalystEvent> events) {
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("spine unavailable");
        }
        published.addAll(events);
    }

    @Override
    public synchronized Optional<String> publishedUpTo(EnvironmentRef env) {
        return Optional.ofNullable(marks.get(env));
    }

    @Override
    public synchronized void publishedUpTo(EnvironmentRef env, String commitId) {
        marks.put(env, commitId);
    }

    /** The next {@code count} publishes fail. */
    void failNext(int count) {
        failures.set(count);
    }

    synchronized List<CatalystEvent> published() {
        return List.copyOf(published);
    }

    synchronized void clear() {
        published.clear();
    }
}
