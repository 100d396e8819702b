package io.openova.catalyst.identity.secrets;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link SecretStore} in memory, for tests of the modules that use secrets. Thread-safe; nothing is persisted. */
public final class InMemorySecretStore implements SecretStore {
    private final ConcurrentSkipListMap<String, RedactedProperties> entries = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, SortedMap<String, String> properties) {
        entries.put(key, RedactedProperties.copyOf(SecretKeys.requireProperties(key, properties)));
    }

    @Override
    public Optional<SortedMap<String, String>> get(String key) {
        return Optional.ofNullable(entries.get(SecretKeys.requireKey(key)));
    }

    @Override
    public void delete(String key) {
        entries.remove(SecretKeys.requireKey(key));
    }

    @Override
    public List<String> list(String prefix) {
        SecretKeys.requirePrefix(prefix);
        return entries.tailMap(prefix).keySet().stream()
                .takeWhile(key -> key.startsWith(prefix))
                .filter(key -> SecretKeys.isUnder(key, prefix))
                .toList();
    }

    @Override
    public void deletePrefix(String prefix) {
        SecretKeys.requireKey(prefix);
        entries.keySet().removeIf(key -> SecretKeys.isUnder(key, prefix));
    }

    @Override
    public String toString() {
        return "InMemorySecretStore[entries=" + entries.size() + "]";
    }
}
