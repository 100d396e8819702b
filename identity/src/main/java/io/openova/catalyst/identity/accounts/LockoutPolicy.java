package io.openova.catalyst.identity.accounts;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link LocalAccounts} slows down password guessing.
 *
 * <p>After {@code maxFailures} failed logins in a row the username is locked for {@code lockDuration}: every login,
 * with the right password or not, is refused until then. Each failure before that tells the client to wait
 * {@code firstDelay}, doubled per further failure, at most {@code maxDelay}. A success ends the streak; so does
 * {@code lockDuration} passing without a failure. Usernames that do not exist are counted the same way, so the answers
 * do not tell which exist.
 *
 * @param maxFailures failures in a row that lock the username; at least 1
 * @param lockDuration how long a lock lasts, and how long a streak is remembered; positive
 * @param firstDelay the wait suggested after the first failure; positive
 * @param maxDelay the longest wait suggested before the lock; at least {@code firstDelay}
 */
public record LockoutPolicy(int maxFailures, Duration lockDuration, Duration firstDelay, Duration maxDelay) {
    /** 5 failures lock for 15 minutes; waits of 1, 2, 4, 8 seconds before that. */
    public static final LockoutPolicy DEFAULT =
            new LockoutPolicy(5, Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofSeconds(30));

    public LockoutPolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("lockout.maxFailures: must be at least 1, got " + maxFailures);
        }
        requirePositive("lockout.lockDuration", lockDuration);
        requirePositive("lockout.firstDelay", firstDelay);
        requirePositive("lockout.maxDelay", maxDelay);
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException(
                    "lockout.maxDelay: must be at least lockout.firstDelay (" + firstDelay + "), got " + maxDelay);
        }
    }

    /** The wait to suggest after {@code failures} failures in a row (1 or more). */
    public Duration retryAfter(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
    }
}
