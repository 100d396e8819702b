package io.openova.catalyst.identity.accounts;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for usernames and passwords of local accounts. Errors name the field and the rule, never the password
 * itself.
 */
public final class Credentials {
    public static final int MIN_USERNAME_LENGTH = 3;
    public static final int MAX_USERNAME_LENGTH = 64;
    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_PASSWORD_LENGTH = 256;

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,64}");

    private Credentials() {}

    /** Whether {@code username} has the shape of a username: 3 to 64 of {@code a-z 0-9 . _ -}. */
    public static boolean isUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    /** {@code username} itself, or an {@link IllegalArgumentException} for the field {@code username}. */
    public static String requireUsername(String username) {
        if (!isUsername(username)) {
            throw new IllegalArgumentException("username: must be " + MIN_USERNAME_LENGTH + " to " + MAX_USERNAME_LENGTH
                    + " characters of a-z, 0-9, '.', '_' and '-'");
        }
        return username;
    }

    /**
     * {@code password} itself, or an {@link IllegalArgumentException} for {@code field}: at least
     * {@value #MIN_PASSWORD_LENGTH} and at most {@value #MAX_PASSWORD_LENGTH} characters (Unicode code points, after
     * NFKC normalization), not containing the username whatever its case.
     */
    public static String requirePassword(String field, String password, String username) {
        if (password == null) {
            throw new IllegalArgumentException(field + ": must be given");
        }
        String normalized = Normalizer.normalize(password, Normalizer.Form.NFKC);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    field + ": must be at least " + MIN_PASSWORD_LENGTH + " characters, got " + length);
        }
        if (length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    field + ": must be at most " + MAX_PASSWORD_LENGTH + " characters, got " + length);
        }
        if (normalized.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(field + ": must not contain the username");
        }
        return password;
    }

    /** Whether {@code password} is too long to be worth hashing: no password of the policy can be. */
    static boolean isOverlong(String password) {
        return password.length() > 4 * MAX_PASSWORD_LENGTH;
    }
}
