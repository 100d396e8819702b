package io.openova.catalyst.api.blueprint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Deep, order-keeping immutable copies of JSON-shaped values (maps, lists, strings, numbers, booleans, null).
 * The model holds config schemas and config as such plain values so that it needs no JSON library.
 */
public final class JsonValues {
    private JsonValues() {}

    public static Map<String, Object> immutableObject(Map<String, Object> map) {
        Objects.requireNonNull(map, "map");
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, immutable(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object immutable(Object value) {
        if (value instanceof Map<?, ?> map) {
            return immutableObject((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(immutable(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
