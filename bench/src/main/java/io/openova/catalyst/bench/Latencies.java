package io.openova.catalyst.bench;

import java.util.Arrays;

/**
 * What a phase of timed operations saw: how many, how long the whole phase took, and exact percentiles of the
 * operations' latencies (every sample kept, no histogram buckets).
 *
 * @param count operations in the phase
 * @param wallNanos from the start of the first operation to the end of the last
 * @param p50Nanos median latency (nearest rank)
 * @param p99Nanos 99th percentile latency (nearest rank)
 * @param maxNanos slowest operation
 */
record Latencies(int count, long wallNanos, long p50Nanos, long p99Nanos, long maxNanos) {

    /** The figures of {@code samples} (latencies in nanoseconds, any order; not changed) over a phase of {@code wall}. */
    static Latencies of(long[] samples, long wallNanos) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Latencies(
                sorted.length, wallNanos, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /**
     * The nearest-rank percentile of sorted samples: the smallest sample that at least {@code percent}% of the samples
     * are less than or equal to, i.e. the one at rank ⌈percent / 100 × n⌉. Of 1,000 samples, p50 is the 500th and p99
     * the 990th.
     */
    static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0 || percent < 1 || percent > 100) {
            throw new IllegalArgumentException(
                    "percentile " + percent + " of " + sorted.length + " samples is not defined");
        }
        int rank = (int) ((percent * (long) sorted.length + 99) / 100);
        return sorted[rank - 1];
    }

    /** Operations per second over the whole phase. */
    double perSecond() {
        return count * 1e9 / wallNanos;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
