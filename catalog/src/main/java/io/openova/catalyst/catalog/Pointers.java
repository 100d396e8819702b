package io.openova.catalyst.catalog;

/** JSON pointers (RFC 6901) and the dotted field names users read in messages. */
final class Pointers {
    private Pointers() {}

    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    /** {@code /spec/dependsOn/0} → {@code spec.dependsOn[0]}; keys that are not plain words are quoted. */
    static String toField(String pointer) {
        if (pointer.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (!token.isEmpty() && token.chars().allMatch(Character::isDigit)) {
                out.append('[').append(token).append(']');
            } else if (token.matches("[A-Za-z_$][A-Za-z0-9_$-]*")) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(token);
            } else {
                out.append("['").append(token).append("']");
            }
        }
        return out.toString();
    }

    /** Percent-decodes a URI fragment (RFC 3986), e.g. {@code /$defs/a%25b} → {@code /$defs/a%b}. */
    static String decodeFragment(String fragment) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < fragment.length(); i++) {
            char c = fragment.charAt(i);
            if (c == '%' && isHex(fragment, i + 1) && isHex(fragment, i + 2)) {
                bytes.write(Integer.parseInt(fragment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Percent-encodes a JSON pointer for use as a URI fragment: everything but unreserved characters and '/'. */
    static String encodeFragment(String pointer) {
        StringBuilder out = new StringBuilder();
        for (byte b : pointer.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~/$".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }
}
