package io.openova.catalyst.identity.secrets;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Comparator;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An unmodifiable, sorted copy of secret properties whose {@code toString()} shows the names but not the values, so
 * logging a secret entry by accident does not leak it.
 */
final class RedactedProperties extends AbstractMap<String, String> implements SortedMap<String, String> {
    private final SortedMap<String, String> properties;

    private RedactedProperties(SortedMap<String, String> properties) {
        this.properties = properties;
    }

    static RedactedProperties copyOf(SortedMap<String, String> properties) {
        return new RedactedProperties(Collections.unmodifiableSortedMap(new TreeMap<>(properties)));
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return properties.entrySet();
    }

    @Override
    public String get(Object name) {
        return properties.get(name);
    }

    @Override
    public boolean containsKey(Object name) {
        return properties.containsKey(name);
    }

    @Override
    public Comparator<? super String> comparator() {
        return properties.comparator();
    }

    @Override
    public SortedMap<String, String> subMap(String fromName, String toName) {
        return new RedactedProperties(properties.subMap(fromName, toName));
    }

    @Override
    public SortedMap<String, String> headMap(String toName) {
        return new RedactedProperties(properties.headMap(toName));
    }

    @Override
    public SortedMap<String, String> tailMap(String fromName) {
        return new RedactedProperties(properties.tailMap(fromName));
    }

    @Override
    public String firstKey() {
        return properties.firstKey();
    }

    @Override
    public String lastKey() {
        return properties.lastKey();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (String name : properties.keySet()) {
            out.append(out.length() > 1 ? ", " : "").append(name).append("=<redacted>");
        }
        return out.append('}').toString();
    }
}
