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
}
