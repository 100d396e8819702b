package io.openova.catalyst.provisioning;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The names of the Applications at HEAD of every Environment of an Organization, so that a quota check reads no
 * repository. An Organization's entry is read from the repositories the first time it is asked for, kept up to date
 * by every commit {@link Provisioning} makes (an Environment's commits are serialized, so its entry is replaced in
 * commit order), and read again once it is older than {@link #MAX_AGE}, so that the commits of another process
 * writing the same repositories (docs/gitops.md) are counted within that time.
 *
 * <p>Loading and updating hold the same monitor, so a commit that lands while an Organization is being read is
 * applied after the read and never lost under a stale one.
 */
final class ApplicationIndex {
    /** How long an Organization's entry is trusted before it is read from the repositories again. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private final Map<String, Loaded> organizations = new ConcurrentHashMap<>();
    private final Function<String, Map<EnvironmentRef, Set<String>>> load;
    private final Supplier<Instant> now;

    /**
     * @param load the Application names of every Environment of an Organization, read from the repositories
     * @param now the time, to age the entries
     */
    ApplicationIndex(Function<String, Map<EnvironmentRef, Set<String>>> load, Supplier<Instant> now) {
        this.load = load;
        this.now = now;
    }

    /** How many Environments {@code org} has. */
    int environments(String org) {
        return loaded(org).size();
    }

    /** How many Applications {@code org} has, over all its Environments. */
    int applications(String org) {
        return loaded(org).values().stream().mapToInt(Set::size).sum();
    }

    /** Whether HEAD of {@code env} has an Application {@code name}. */
    boolean has(EnvironmentRef env, String name) {
        return loaded(env.org()).getOrDefault(env, Set.of()).contains(name);
    }

    /** Records that HEAD of {@code env} now has the Applications {@code names}. */
    synchronized void update(EnvironmentRef env, Set<String> names) {
        Loaded loaded = organizations.get(env.org());
        if (loaded != null) {
            loaded.names().put(env, Set.copyOf(names));
        }
    }

    private Map<EnvironmentRef, Set<String>> loaded(String org) {
        Loaded loaded = organizations.get(org);
        if (loaded != null && fresh(loaded)) {
            return loaded.names();
        }
        synchronized (this) {
            loaded = organizations.get(org);
            if (loaded == null || !fresh(loaded)) {
                Instant at = now.get();
                loaded = new Loaded(new ConcurrentHashMap<>(load.apply(org)), at);
                organizations.put(org, loaded);
            }
            return loaded.names();
        }
    }

    private boolean fresh(Loaded loaded) {
        return now.get().isBefore(loaded.at().plus(MAX_AGE));
    }

    private record Loaded(Map<EnvironmentRef, Set<String>> names, Instant at) {}
}
