package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogListBenchmarkTest {

    @Test
    void shouldPickRoundWithMedianRatio() {
        // Given
        List<Double> ratios = List.of(0.59, 0.37, 0.62, 0.54, 0.40);

        // When
        int median = CatalogListBenchmark.medianIndex(ratios);

        // Then
        assertThat(median).isEqualTo(3);
    }

    @Test
    void shouldPickLowerMiddleRoundWhenRoundCountIsEven() {
        // Given
        List<Double> ratios = List.of(0.7, 0.4, 0.6, 0.5);

        // When
        int median = CatalogListBenchmark.medianIndex(ratios);

        // Then
        assertThat(median).isEqualTo(3);
    }

    @Test
    void shouldRefuseBaseUrlOffThisMachine() {
        // Given
        String[] args = {"--base-url", "http://10.0.0.1:8080"};

        // When / Then
        assertThatThrownBy(() -> CatalogListBenchmark.Settings.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void shouldTakeDefaultsForOptionsNotGiven() {
        // Given
        String[] args = {"--base-url", "http://127.0.0.1:8080/", "--rounds", "3"};

        // When
        CatalogListBenchmark.Settings settings = CatalogListBenchmark.Settings.parse(args);

        // Then
        assertThat(settings.baseUrl()).hasToString("http://127.0.0.1:8080");
        assertThat(settings.rounds()).isEqualTo(3);
        assertThat(settings.workers()).isEqualTo(8);
    }
}
