package io.openova.catalyst.identity.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Session and CSRF tokens: 32 random bytes in unpadded Base64url, kept by the server only as SHA-256 digests.
 *
 * <p>The CSRF token of a session is stored sealed: XOR-ed with a pad derived from the session token by SHA-256 under
 * a label of its own. Whoever presents the session token can unseal it; the database alone reveals neither.
 */
final class Tokens {
    static final int BYTES = 32;
    private static final int ENCODED_LENGTH = 43;
    private static final Pattern ENCODED = Pattern.compile("[A-Za-z0-9_-]{" + ENCODED_LENGTH + "}");
    private static final byte[] SESSION_LABEL = "catalyst-session\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CSRF_PAD_LABEL = "catalyst-csrf-pad\0".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    static byte[] random(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return bytes;
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** The bytes of a token the client presents, or empty when it is not one of ours in shape. */
    static Optional<byte[]> decode(String token) {
        if (token == null || !ENCODED.matcher(token).matches()) {
            return Optional.empty();
        }
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        return bytes.length == BYTES ? Optional.of(bytes) : Optional.empty();
    }

    /** What the database keys a session by. */
    static byte[] sessionDigest(byte[] sessionToken) {
        return sha256(SESSION_LABEL, sessionToken);
    }

    /** Seals {@code csrfToken} under {@code sessionToken}, or unseals it: XOR is its own inverse. */
    static byte[] sealCsrf(byte[] sessionToken, byte[] csrfToken) {
        byte[] pad = sha256(CSRF_PAD_LABEL, sessionToken);
        for (int i = 0; i < pad.length; i++) {
            pad[i] ^= csrfToken[i];
        }
        return pad;
    }

    private static byte[] sha256(byte[] label, byte[] value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(label);
            return digest.digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
