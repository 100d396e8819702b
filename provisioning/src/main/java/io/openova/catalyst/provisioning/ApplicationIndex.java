package io.openova.catalyst.provisioning;

import io.openova.catalyst.api.environment.EnvironmentRef;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The names of the Applications at HEAD of every Environment of an Organization, so that a quota check reads no
 * repository. An Organization's entry is read from the repositories the first time it is asked for, then kept up to
 * date by every commit {@link Provisioning} makes: Catalyst is the only writer of the Environment repositories
 * (docs/gitops.md), and an Environment's commits are serialized, so its entry is replaced in commit order.
 *
 * <p>Loading and updating hold the same monitor, so a commit that lands while an Organization is being read is
 * applied after the read and never lost under a stale one.
 */
final class ApplicationIndex {
    private final Map<String, Map<EnvironmentRef, Set<String>>> organizations = new ConcurrentHashMap<>();
    private final Function<String, Map<EnvironmentRef, Set<String>>> load;

    /** @param load the Application names of every Environment of an Organization, read from the repositories */
    ApplicationIndex(Function<String, Map<EnvironmentRef, Set<String>>> load) {
        this.load = load;
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

    private Map<EnvironmentRef, Set<String>> loaded(String org) {
        Map<EnvironmentRef, Set<String>> loaded = organizations.get(org);
        if (loaded != null) {
            return loaded;
        }
        synchronized (this) {
            return organizations.computeIfAbsent(org, name -> new ConcurrentHashMap<>(load.apply(name)));
        }
    }

    /** Records that HEAD of {@code env} now has the Applications {@code names}. */
    synchronized void update(EnvironmentRef env, Set<String> names) {
        Map<EnvironmentRef, Set<String>> loaded = organizations.get(env.org());
        if (loaded != null) {
            loaded.put(env, Set.copyOf(names));
        }
    }
}
