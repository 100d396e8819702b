package io.openova.catalyst.identity.secrets;

import io.openova.catalyst.api.environment.Names;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Validation of secret keys, prefixes, property names and values, shared by every {@link SecretStore} adapter. */
public final class SecretKeys {
    public static final int MAX_SEGMENTS = 8;
    /** Longest key: {@value #MAX_SEGMENTS} labels of {@value Names#MAX_LENGTH} characters and the separators. */
    public static final int MAX_KEY_LENGTH = MAX_SEGMENTS * Names.MAX_LENGTH + MAX_SEGMENTS - 1;
    /** Longest property name, as for a Kubernetes Secret data key. */
    public static final int MAX_PROPERTY_LENGTH = 253;
    /** Largest value, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 1024 * 1024;

    private static final Pattern PROPERTY = Pattern.compile("[-._a-zA-Z0-9]+");

    private SecretKeys() {}

    /** {@code key} itself, or an {@link IllegalArgumentException} saying which segment is wrong and why. */
    public static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("secret key must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "secret key must be at most " + MAX_KEY_LENGTH + " characters, got " + key.length());
        }
        String[] segments = key.split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            throw new IllegalArgumentException(
                    "secret key must have at most " + MAX_SEGMENTS + " segments, got " + segments.length);
        }
        for (int i = 0; i < segments.length; i++) {
            Names.require("secret key segment " + (i + 1) + " of " + segments.length, segments[i]);
        }
        return key;
    }

    /** A prefix for {@link SecretStore#list}: empty, or a valid key. */
    static String requirePrefix(String prefix) {
        return prefix != null && prefix.isEmpty() ? prefix : requireKey(prefix);
    }

    /** Whether {@code key} is {@code prefix} or nested under it; every key is under the empty prefix. */
    static boolean isUnder(String key, String prefix) {
        return prefix.isEmpty() || key.equals(prefix) || key.startsWith(prefix + "/");
    }

    /** {@code name} itself, or an {@link IllegalArgumentException} explaining what a property name may be. */
    public static String requireProperty(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("secret property name must not be empty");
        }
        if (name.length() > MAX_PROPERTY_LENGTH
                || !PROPERTY.matcher(name).matches()
                || name.equals(".")
                || name.startsWith("..")) {
            throw new IllegalArgumentException("secret property name " + printable(name)
                    + " is invalid: use at most " + MAX_PROPERTY_LENGTH
                    + " letters, digits, '.', '_' and '-', not '.' and not starting with '..'");
        }
        return name;
    }

    /**
     * A sorted, validated copy of {@code properties} for {@code key}. Errors name the key and property, never the
     * value.
     */
    static SortedMap<String, String> requireProperties(String key, SortedMap<String, String> properties) {
        requireKey(key);
        if (properties == null || properties.isEmpty()) {
            throw new IllegalArgumentException(
                    "secret '" + key + "' needs at least one property; delete the secret to remove it");
        }
        SortedMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String name = requireProperty(property.getKey());
            String value = property.getValue();
            if (value == null) {
                throw new IllegalArgumentException("secret '" + key + "' property '" + name + "' has no value");
            }
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("secret '" + key + "' property '" + name + "' is " + bytes
                        + " bytes long; the limit is " + MAX_VALUE_BYTES);
            }
            copy.put(name, value);
        }
        return copy;
    }

    private static String printable(String name) {
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('\'').toString();
    }
}
