package io.openova.catalyst.spine;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks for every name and value the spine ports take, shared by all adapters so that each rejects the same input
 * with the same message. Each check throws an {@link IllegalArgumentException} naming the offending value (never a
 * payload or a header value) and what was expected.
 */
public final class Names {

    /** The largest payload of a message or key-value entry, in bytes: NATS' default {@code max_payload} less room for headers. */
    public static final int MAX_PAYLOAD_BYTES = 1_000_000;
    /** The most headers a message may carry. */
    public static final int MAX_HEADERS = 32;
    /** The longest header name. */
    public static final int MAX_HEADER_NAME_LENGTH = 64;
    /** The longest header value. */
    public static final int MAX_HEADER_VALUE_LENGTH = 1024;
    /** The longest dedupe id. */
    public static final int MAX_DEDUPE_ID_LENGTH = 128;
    /** The longest key-value key. */
    public static final int MAX_KEY_LENGTH = 255;
    /** Header names starting with this (case-insensitively) belong to NATS and may not be set by publishers. */
    public static final String RESERVED_HEADER_PREFIX = "nats-";

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern KEY_TOKEN = Pattern.compile("[A-Za-z0-9_=/-]+");
    private static final String LABEL_RULE = "a DNS-1123 label: lowercase letters, digits and '-', starting and ending"
            + " with a letter or digit, at most 63 characters";

    private Names() {}

    /** Whether {@code value} is a DNS-1123 label. */
    public static boolean isLabel(String value) {
        return value != null && LABEL.matcher(value).matches();
    }

    /** Checks an Organization name: a DNS-1123 label such as {@code acme}. */
    public static String requireOrganization(String organization) {
        return requireLabel("organization", organization);
    }

    /** Checks a key-value bucket name: a DNS-1123 label such as {@code environments}. */
    public static String requireBucket(String bucket) {
        return requireLabel("bucket name", bucket);
    }

    /** Checks a durable consumer name: a DNS-1123 label such as {@code projector}. */
    public static String requireConsumerName(String name) {
        return requireLabel("consumer name", name);
    }

    /**
     * Checks a key-value key: tokens of letters, digits, '_', '=', '/' and '-' separated by single dots, at most
     * {@value #MAX_KEY_LENGTH} characters, such as {@code dev.applications.postgres}. Dots separate the tokens that
     * {@link KeyValueBucket#keys(String)} prefixes match.
     */
    public static String requireKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "invalid key '" + key + "': expected 1 to " + MAX_KEY_LENGTH + " characters");
        }
        for (String token : key.split("\\.", -1)) {
            if (!KEY_TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("invalid key '" + key + "': expected tokens of letters, digits,"
                        + " '_', '=', '/' and '-' separated by single dots");
            }
        }
        return key;
    }

    /**
     * Checks a dedupe id: 1 to {@value #MAX_DEDUPE_ID_LENGTH} visible ASCII characters (no spaces), such as a Git
     * commit id or a request id.
     */
    public static String requireDedupeId(String dedupeId) {
        if (dedupeId == null) {
            throw new IllegalArgumentException("dedupe id must not be null");
        }
        if (dedupeId.isEmpty() || dedupeId.length() > MAX_DEDUPE_ID_LENGTH || !isVisibleAscii(dedupeId)) {
            throw new IllegalArgumentException("invalid dedupe id '" + printable(dedupeId) + "': expected 1 to "
                    + MAX_DEDUPE_ID_LENGTH + " visible ASCII characters without spaces");
        }
        return dedupeId;
    }

    /**
     * Checks message headers and returns a sorted, unmodifiable copy. Names are letters, digits, '.', '_' and '-'
     * (starting with a letter or digit), at most {@value #MAX_HEADER_NAME_LENGTH} characters, and must not start with
     * {@code Nats-}; values are printable ASCII, at most {@value #MAX_HEADER_VALUE_LENGTH} characters.
     */
    public static SortedMap<String, String> requireHeaders(Map<String, String> headers) {
        if (headers == null) {
            throw new IllegalArgumentException("headers must not be null (pass an empty map)");
        }
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException(
                    "too many headers: " + headers.size() + ", at most " + MAX_HEADERS + " allowed");
        }
        SortedMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name == null
                    || name.length() > MAX_HEADER_NAME_LENGTH
                    || !HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid header name '" + printable(name)
                        + "': expected letters, digits, '.', '_' and '-', starting with a letter or digit, at most "
                        + MAX_HEADER_NAME_LENGTH + " characters");
            }
            if (name.toLowerCase(Locale.ROOT).startsWith(RESERVED_HEADER_PREFIX)) {
                throw new IllegalArgumentException("header name '" + name + "' is reserved: names starting with"
                        + " 'Nats-' belong to NATS (the dedupe id is a publish argument)");
            }
            String value = header.getValue();
            if (value == null || value.length() > MAX_HEADER_VALUE_LENGTH || !isPrintableAscii(value)) {
                throw new IllegalArgumentException("invalid value of header '" + name + "': expected printable ASCII,"
                        + " at most " + MAX_HEADER_VALUE_LENGTH + " characters");
            }
            copy.put(name, value);
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Checks a message payload or key-value value: present, at most {@value #MAX_PAYLOAD_BYTES} bytes. */
    public static byte[] requirePayload(String what, byte[] payload) {
        if (payload == null) {
            throw new IllegalArgumentException(what + " must not be null (use an empty array for no content)");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(
                    what + " holds " + payload.length + " bytes, at most " + MAX_PAYLOAD_BYTES + " allowed");
        }
        return payload;
    }

    private static String requireLabel(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (!isLabel(value)) {
            throw new IllegalArgumentException(
                    "invalid " + what + " '" + printable(value) + "': expected " + LABEL_RULE);
        }
        return value;
    }

    private static boolean isVisibleAscii(String value) {
        return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static boolean isPrintableAscii(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** Names the value in a message without letting control characters through. */
    private static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return new String(shown.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII)
                .replaceAll("\\p{Cntrl}", "?");
    }
}
