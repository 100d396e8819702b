package io.openova.catalyst.identity.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenBaoSettingsTest {
    private static final URI ADDRESS = URI.create("https://bao.example:8200");
    private static final OpenBaoAuth TOKEN = OpenBaoAuth.token("s.0123456789abcdef");

    @Test
    void shouldApplyTheDefaultsWhenBuiltFromAddressAndAuth() {
        // When
        OpenBaoSettings settings = OpenBaoSettings.of(ADDRESS, OpenBaoAuth.kubernetes("catalyst"));

        // Then
        assertThat(settings.address()).isEqualTo(URI.create("https://bao.example:8200/"));
        assertThat(settings.mount()).isEqualTo("secret");
        assertThat(settings.pathPrefix()).isEqualTo("catalyst");
        assertThat(settings.namespace()).isEmpty();
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.auth())
                .isEqualTo(new OpenBaoAuth.Kubernetes(
                        "catalyst", "kubernetes", Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token")));
    }

    @Test
    void shouldKeepASubPathOfTheAddressWhenResolvingTheApi() {
        // Given
        OpenBaoSettings settings = OpenBaoSettings.of(URI.create("https://proxy.example/openbao"), TOKEN);

        // When
        URI api = settings.api("secret/data/catalyst/acme");

        // Then
        assertThat(api).isEqualTo(URI.create("https://proxy.example/openbao/v1/secret/data/catalyst/acme"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://bao.example",
                "bao.example:8200",
                "/v1",
                "https://root:pw@bao.example",
                "https://bao.example?x=1",
                "https://bao.example#top"
            })
    void shouldRejectTheAddressWhenItIsNotAPlainHttpOrHttpsUrl(String address) {
        // When
        Throwable thrown = catchThrowable(() -> OpenBaoSettings.of(URI.create(address), TOKEN));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("OpenBao address must")
                .hasMessageNotContaining("pw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/secret", "secret/", "kv//team", "..", "kv/../sys", "my secrets", "kv?list=true"})
    void shouldRejectMountOrPrefixWhenItIsNotAPathOfPlainSegments(String path) {
        // Given
        OpenBaoSettings settings = OpenBaoSettings.of(ADDRESS, TOKEN);

        // When
        Throwable mount = catchThrowable(() -> settings.withMount(path));
        Throwable prefix = catchThrowable(() -> settings.withPathPrefix(path));

        // Then
        assertThat(mount).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("OpenBao KV mount");
        assertThat(prefix).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("OpenBao path prefix");
    }

    @Test
    void shouldAcceptANestedMountAndPrefix() {
        // When
        OpenBaoSettings settings =
                OpenBaoSettings.of(ADDRESS, TOKEN).withMount("kv/platform").withPathPrefix("teams/catalyst");

        // Then
        assertThat(settings.mount()).isEqualTo("kv/platform");
        assertThat(settings.pathPrefix()).isEqualTo("teams/catalyst");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", " s.token", "s.token\n", "s.to\u0000ken"})
    void shouldRejectTheTokenWithoutShowingItWhenBlankOrItHoldsControlCharacters(String token) {
        // When
        Throwable thrown = catchThrowable(() -> OpenBaoAuth.token(token));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OpenBao token must not be blank or contain whitespace at its ends or control characters");
    }

    @Test
    void shouldRejectTheRequestTimeoutWhenItIsNotPositive() {
        // When
        Throwable thrown =
                catchThrowable(() -> OpenBaoSettings.of(ADDRESS, TOKEN).withRequestTimeout(Duration.ZERO));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("OpenBao request timeout must be positive, got PT0S");
    }

    @Test
    void shouldRejectTheNamespaceWhenItHoldsControlCharacters() {
        // When
        Throwable thrown =
                catchThrowable(() -> OpenBaoSettings.of(ADDRESS, TOKEN).withNamespace("team\r\nX-Evil: 1"));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("OpenBao namespace");
    }

    @Test
    void shouldShowEverySettingButTheTokenWhenPrinted() {
        // Given
        OpenBaoSettings settings =
                new OpenBaoSettings(ADDRESS, "secret", "catalyst", Optional.of("team-a"), Duration.ofSeconds(5), TOKEN);

        // When
        String printed = settings.toString();

        // Then
        assertThat(printed)
                .isEqualTo("OpenBaoSettings[address=https://bao.example:8200/, mount=secret, pathPrefix=catalyst,"
                        + " namespace=team-a, requestTimeout=PT5S, auth=Token[token=***]]");
    }
}
