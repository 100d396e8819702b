package io.openova.catalyst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void shouldRefuseOptionNeitherRequiredNorDefaulted() {
        // Given
        String[] args = {"--base-url", "http://127.0.0.1:1", "--wrokers", "4"};

        // When / Then
        assertThatThrownBy(() -> Options.parse(args, Map.of("--workers", "8"), Set.of("--base-url")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --wrokers");
    }

    @Test
    void shouldRefuseOptionWithoutValue() {
        // Given
        String[] args = {"--workers"};

        // When / Then
        assertThatThrownBy(() -> Options.parse(args, Map.of("--workers", "8"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--workers needs a value");
    }

    @Test
    void shouldAcceptZeroWhenLowerBoundIsZero() {
        // Given
        String value = "0";

        // When
        int parsed = Options.bounded("--warmup-installs", value, 0, 5000);

        // Then
        assertThat(parsed).isZero();
    }

    @Test
    void shouldRefuseHostsOffLoopback() {
        // Given
        String url = "https://127.0.0.1:8443";

        // When / Then
        assertThatThrownBy(() -> Options.loopback("--base-url", url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http:// on a loopback address");
    }

    @Test
    void shouldAcceptNatsUrlOnLoopback() {
        // Given
        String url = "nats://127.0.0.1:4222";

        // When
        java.net.URI uri = Options.loopback("--nats-url", url, "nats");

        // Then
        assertThat(uri.toString()).isEqualTo(url);
    }

    @Test
    void shouldRefuseNatsUrlOffLoopback() {
        // Given
        String url = "nats://192.0.2.1:4222";

        // When / Then
        assertThatThrownBy(() -> Options.loopback("--nats-url", url, "nats"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--nats-url must be nats:// on a loopback address, got " + url);
    }

    @Test
    void shouldRefuseUrlThatDoesNotParse() {
        // Given
        String url = "nats://127.0.0.1:4222/ with space";

        // When / Then
        assertThatThrownBy(() -> Options.loopback("--nats-url", url, "nats"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nats:// on a loopback address");
    }
}
