package io.openova.catalyst.provisioning.compose;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, immutable copies of JSON values in one canonical form, so that equal JSON compares equal and survives a trip
 * through YAML unchanged: whole numbers as {@code Long} (or {@code BigInteger} when larger), other numbers as
 * {@code BigDecimal} without trailing zeros ({@code 2.0} → {@code 2}, {@code 1.50} → {@code 1.5}).
 */
final class CanonicalValues {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private CanonicalValues() {}

    static Map<String, Object> object(Map<String, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key == null) {
                throw new IllegalArgumentException("a key must not be null");
            }
            copy.put(key, value(value));
        });
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object value) {
        return switch (value) {
            case Map<?, ?> map -> object((Map<String, ?>) map);
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(value(v)));
                yield Collections.unmodifiableList(copy);
            }
            case null, default -> scalar(value);
        };
    }

    /** A string, boolean or null as it is; a number in canonical form. */
    static Object scalar(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Byte n -> n.longValue();
            case Short n -> n.longValue();
            case Integer n -> n.longValue();
            case Long n -> n;
            case BigInteger n -> integer(n);
            case BigDecimal n -> decimal(n);
            case Double n -> decimal(finite(n));
            case Float n -> decimal(finite(n.doubleValue()));
            default ->
                throw new IllegalArgumentException(
                        "not a JSON value: " + value.getClass().getName());
        };
    }

    private static BigDecimal finite(double n) {
        if (!Double.isFinite(n)) {
            throw new IllegalArgumentException("not a JSON number: " + n);
        }
        return BigDecimal.valueOf(n);
    }

    private static Object decimal(BigDecimal n) {
        BigDecimal stripped = n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
        return stripped.scale() <= 0 ? integer(stripped.toBigIntegerExact()) : stripped;
    }

    private static Object integer(BigInteger n) {
        return n.compareTo(LONG_MIN) >= 0 && n.compareTo(LONG_MAX) <= 0 ? (Object) n.longValue() : n;
    }
}
