package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MarketplacePageBenchmarkTest {

    @Test
    void shouldTakeDefaultsForOptionsNotGiven() {
        // Given
        String[] args = {"--base-url", "http://127.0.0.1:8080/", "--rounds", "3"};

        // When
        MarketplacePageBenchmark.Settings settings = MarketplacePageBenchmark.Settings.parse(args);

        // Then
        assertThat(settings.baseUrl()).hasToString("http://127.0.0.1:8080");
        assertThat(settings.rounds()).isEqualTo(3);
        assertThat(settings.warmupRounds()).isEqualTo(2);
        assertThat(settings.quietMs()).isEqualTo(500);
        assertThat(settings.timeoutSeconds()).isEqualTo(30);
        assertThat(settings.chromium()).isEqualTo(Path.of("/usr/bin/chromium"));
        assertThat(settings.results()).isEqualTo(Path.of("bench/RESULTS.md"));
    }

    @Test
    void shouldRefuseBaseUrlOffThisMachine() {
        // Given
        String[] args = {"--base-url", "http://example.com"};

        // When / Then
        assertThatThrownBy(() -> MarketplacePageBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void shouldRefuseQuietWindowShorterThanALongTask() {
        // Given
        String[] args = {"--base-url", "http://127.0.0.1:8080", "--quiet-ms", "10"};

        // When / Then
        assertThatThrownBy(() -> MarketplacePageBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--quiet-ms must be a whole number from 50 to 5000");
    }

    @Test
    void shouldTakeNearestRankP50AndP95OfMillisecondsInAnyOrder() {
        // Given: 1.5, 2.5, ..., 20.5 ms, shuffled
        List<Double> millis = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            millis.add(i + 0.5);
        }
        Collections.shuffle(millis, new Random(3));

        // When
        MarketplacePageBenchmark.Spread spread = MarketplacePageBenchmark.Spread.of(millis);

        // Then: ranks 10 and 19 of 20
        assertThat(spread.p50()).isEqualTo(10.5);
        assertThat(spread.p95()).isEqualTo(19.5);
        assertThat(spread.text()).isEqualTo("11/20 ms");
    }

    @Test
    void shouldTakeTheSlowestAsP95OfFewRounds() {
        // Given
        List<Double> millis = List.of(300.0, 420.0, 310.0);

        // When
        MarketplacePageBenchmark.Spread spread = MarketplacePageBenchmark.Spread.of(millis);

        // Then
        assertThat(spread.p50()).isEqualTo(310.0);
        assertThat(spread.p95()).isEqualTo(420.0);
    }
}
