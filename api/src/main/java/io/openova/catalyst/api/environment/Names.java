package io.openova.catalyst.api.environment;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names of Organizations, Environments and Applications: DNS-1123 labels (lower-case letters, digits and '-',
 * starting and ending with a letter or digit, at most 63 characters), so they are safe as Kubernetes names, Git paths
 * and URL segments: no '/', no '.', no traversal.
 */
public final class Names {
    public static final int MAX_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private Names() {}

    /** Why {@code name} is not a valid name, or empty when it is one. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters, got " + name.length());
        }
        if (!LABEL.matcher(name).matches()) {
            return Optional.of("'" + printable(name)
                    + "' is not a DNS-1123 label: use lower-case letters, digits and '-', starting and ending with a"
                    + " letter or digit");
        }
        return Optional.empty();
    }

    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }

    /** {@code name} itself, or an {@link IllegalArgumentException} naming {@code what} and the problem. */
    public static String require(String what, String name) {
        problem(name).ifPresent(p -> {
            throw new IllegalArgumentException(what + " " + p);
        });
        return name;
    }

    private static String printable(String name) {
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
