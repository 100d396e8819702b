package io.openova.catalyst.spine.jetstream;

import java.time.Duration;

/**
 * How the JetStream adapter configures each Organization's stream. The stream is file-backed with limits retention:
 * messages older than {@code maxAge} are removed; once the stream holds {@code maxBytes}, publishing fails (discard
 * policy {@code new}) rather than silently dropping the oldest facts.
 *
 * @param maxAge how long a message is kept
 * @param maxBytes how large the stream may grow, in bytes (it must fit the account's JetStream file limit)
 * @param duplicateWindow how long a dedupe id is remembered; at most {@code maxAge}
 * @param replicas 1 on a single server, 3 on a JetStream cluster
 */
public record StreamSettings(Duration maxAge, long maxBytes, Duration duplicateWindow, int replicas) {

    /** The default age limit: one year of facts. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(365);
    /** The default size limit: 1 GiB per Organization. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** The default duplicate window: 7 days, the same as the embedded spine. */
    public static final Duration DEFAULT_DUPLICATE_WINDOW = Duration.ofDays(7);

    public StreamSettings {
        requirePositive("max age", maxAge);
        requirePositive("duplicate window", duplicateWindow);
        if (duplicateWindow.compareTo(maxAge) > 0) {
            throw new IllegalArgumentException(
                    "duplicate window " + duplicateWindow + " must not be longer than the max age " + maxAge);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("max bytes must be positive, was " + maxBytes);
        }
        if (replicas < 1 || replicas > 5) {
            throw new IllegalArgumentException("replicas must be between 1 and 5, was " + replicas);
        }
    }

    /** One year, 1 GiB, 7 days, 1 replica. */
    public static StreamSettings defaults() {
        return new StreamSettings(DEFAULT_MAX_AGE, DEFAULT_MAX_BYTES, DEFAULT_DUPLICATE_WINDOW, 1);
    }

    private static void requirePositive(String what, Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, was " + duration);
        }
    }
}
