package io.openova.catalyst.identity.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes and verifies passwords with Argon2id (RFC 9106), written as PHC strings such as
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (salt and hash in unpadded standard Base64, as the reference
 * implementation writes them), so the parameters travel with each hash and can be raised later.
 *
 * <p>Passwords are normalized to Unicode NFKC before hashing, so the same password typed on different keyboards
 * matches. Verification compares in constant time. Thread-safe.
 */
public final class PasswordHasher {
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final int MIN_SALT_BYTES = 8;
    private static final int MIN_HASH_BYTES = 16;
    private static final int MAX_HASH_BYTES = 64;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private final HashParameters parameters;
    private final SecureRandom random;
    private final AtomicLong computations = new AtomicLong();

    /** Hashes with {@code parameters}, drawing salts from {@code random}. */
    public PasswordHasher(HashParameters parameters, SecureRandom random) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.random = Objects.requireNonNull(random, "random");
    }

    public HashParameters parameters() {
        return parameters;
    }

    /** A new PHC string for {@code password}, with a fresh random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = compute(password, salt, parameters, HASH_BYTES);
        try {
            return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                    + parameters.parallelism() + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    /**
     * Whether {@code password} is the one {@code encoded} was made from. False, without an exception, when
     * {@code encoded} is not an Argon2id PHC string this class can read.
     */
    public boolean verify(String password, String encoded) {
        Optional<Stored> stored = parse(encoded);
        if (stored.isEmpty()) {
            return false;
        }
        byte[] expected = stored.get().hash();
        byte[] actual = compute(password, stored.get().salt(), stored.get().parameters(), expected.length);
        try {
            return MessageDigest.isEqual(expected, actual);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    /** Whether {@code encoded} should be replaced by a hash with this hasher's parameters: weaker, or unreadable. */
    public boolean needsRehash(String encoded) {
        return parse(encoded)
                .map(stored -> stored.parameters().isWeakerThan(parameters) || stored.hash().length < HASH_BYTES)
                .orElse(true);
    }

    /** How many hashes this hasher has computed, verifications included. */
    long computations() {
        return computations.get();
    }

    private byte[] compute(String password, byte[] salt, HashParameters cost, int length) {
        computations.incrementAndGet();
        byte[] secret = Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(cost.memoryKib())
                    .withIterations(cost.iterations())
                    .withParallelism(cost.parallelism())
                    .withSalt(salt)
                    .build());
            byte[] out = new byte[length];
            generator.generateBytes(secret, out);
            return out;
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private record Stored(HashParameters parameters, byte[] salt, byte[] hash) {}

    private static Optional<Stored> parse(String encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        Matcher phc = PHC.matcher(encoded);
        if (!phc.matches()) {
            return Optional.empty();
        }
        try {
            HashParameters parameters = new HashParameters(
                    Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)), Integer.parseInt(phc.group(3)));
            byte[] salt = BASE64_DECODER.decode(phc.group(4));
            byte[] hash = BASE64_DECODER.decode(phc.group(5));
            if (salt.length < MIN_SALT_BYTES || hash.length < MIN_HASH_BYTES || hash.length > MAX_HASH_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new Stored(parameters, salt, hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
