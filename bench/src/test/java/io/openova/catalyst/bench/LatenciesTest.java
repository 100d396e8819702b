package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void shouldTake500thAnd990thOfThousandSamplesInAnyOrder() {
        // Given: 1..1000 ms, shuffled
        List<Long> values = new ArrayList<>();
        for (long ms = 1; ms <= 1000; ms++) {
            values.add(ms * 1_000_000);
        }
        Collections.shuffle(values, new Random(7));
        long[] samples = values.stream().mapToLong(Long::longValue).toArray();

        // When
        Latencies latencies = Latencies.of(samples, 2_000_000_000L);

        // Then
        assertThat(latencies.count()).isEqualTo(1000);
        assertThat(latencies.p50Nanos()).isEqualTo(500_000_000L);
        assertThat(latencies.p99Nanos()).isEqualTo(990_000_000L);
        assertThat(latencies.maxNanos()).isEqualTo(1000_000_000L);
        assertThat(latencies.perSecond()).isEqualTo(500.0);
    }

    @Test
    void shouldRoundRankUpWhenPercentOfCountIsNotWhole() {
        // Given: 10, 20, ..., 150
        long[] sorted = new long[15];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = 10L * (i + 1);
        }

        // When
        long p50 = Latencies.percentile(sorted, 50);

        // Then: rank ceil(7.5) = 8
        assertThat(p50).isEqualTo(80);
    }

    @Test
    void shouldTakeSlowestSampleAsP99OfFewerThanHundred() {
        // Given
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        // When
        long p99 = Latencies.percentile(sorted, 99);

        // Then
        assertThat(p99).isEqualTo(10);
    }

    @Test
    void shouldLeaveCallersSamplesInTheirOrder() {
        // Given
        long[] samples = {30, 10, 20};

        // When
        Latencies.of(samples, 60);

        // Then
        assertThat(samples).containsExactly(30, 10, 20);
    }

    @Test
    void shouldRefusePhaseWithoutSamples() {
        // Given
        long[] samples = {};

        // When / Then
        assertThatThrownBy(() -> Latencies.of(samples, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no samples");
    }
}
