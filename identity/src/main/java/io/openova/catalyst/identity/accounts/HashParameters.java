package io.openova.catalyst.identity.accounts;

/**
 * The cost of an Argon2id password hash, as written in the {@code m=...,t=...,p=...} part of its PHC string.
 *
 * @param memoryKib memory per hash in KiB ({@code m}); at least 8 per lane
 * @param iterations passes over that memory ({@code t}); at least 1
 * @param parallelism lanes ({@code p}); 1 to {@value #MAX_PARALLELISM}
 */
public record HashParameters(int memoryKib, int iterations, int parallelism) {
    /** OWASP's recommended minimum for Argon2id: 19 MiB, 2 iterations, 1 lane. */
    public static final HashParameters OWASP = new HashParameters(19 * 1024, 2, 1);

    static final int MAX_PARALLELISM = 64;
    /** Refused when read from a stored hash, so a tampered row cannot make a login allocate without bound. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    static final int MAX_ITERATIONS = 1_000;

    public HashParameters {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "hashing.parallelism: must be 1 to " + MAX_PARALLELISM + ", got " + parallelism);
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("hashing.memoryKib: must be 8 × parallelism (" + 8 * parallelism
                    + ") to " + MAX_MEMORY_KIB + ", got " + memoryKib);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "hashing.iterations: must be 1 to " + MAX_ITERATIONS + ", got " + iterations);
        }
    }

    /**
     * Whether a hash made with these parameters is cheaper to attack than one made with {@code target}: less memory or
     * fewer iterations. Such a hash is replaced at the next successful login.
     */
    public boolean isWeakerThan(HashParameters target) {
        return memoryKib < target.memoryKib || iterations < target.iterations;
    }
}
