package io.openova.catalyst.gitops.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GiteaSettingsTest {
    private static final Path CACHE = Path.of("/var/lib/catalyst/gitea");
    private static final String HOOK = "https://catalyst.example.com/api/v1/webhooks/gitea";

    private static GiteaSettings settings(String baseUrl) {
        return new GiteaSettings(URI.create(baseUrl), "tok-123", HOOK, "hook-secret", CACHE);
    }

    @Test
    void shouldResolveApiAndRepositoryUrlsUnderTheBaseUrlWhenItHasASubPath() {
        // When
        GiteaSettings settings = settings("https://git.example.com/gitea");

        // Then
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://git.example.com/gitea/"));
        assertThat(settings.api("orgs/acme")).isEqualTo(URI.create("https://git.example.com/gitea/api/v1/orgs/acme"));
        assertThat(settings.repository("acme", "dev"))
                .isEqualTo(URI.create("https://git.example.com/gitea/acme/dev.git"));
    }

    @Test
    void shouldHideTheTokenAndTheWebhookSecretWhenPrinted() {
        // When
        String printed = settings("https://git.example.com/").toString();

        // Then
        assertThat(printed)
                .doesNotContain("tok-123")
                .doesNotContain("hook-secret")
                .contains("https://git.example.com/")
                .contains(HOOK);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://git.example.com/",
                "git.example.com",
                "/relative",
                "https://git.example.com/?x=1",
                "https://user:pass@git.example.com/"
            })
    void shouldRejectTheBaseUrlWhenItIsNotAPlainHttpUrl(String baseUrl) {
        // When
        Throwable thrown = catchThrowable(() -> settings(baseUrl));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Gitea base URL must")
                .hasMessageNotContaining("pass@");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " tok", "tok\n"})
    void shouldRejectTheTokenWhenItIsBlankOrPadded(String token) {
        // When
        Throwable thrown = catchThrowable(
                () -> new GiteaSettings(URI.create("https://git.example.com/"), token, HOOK, "s", CACHE));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Gitea token must");
    }

    @Test
    void shouldRejectTheWebhookUrlWhenItIsNotAnHttpUrl() {
        // When
        Throwable thrown = catchThrowable(() ->
                new GiteaSettings(URI.create("https://git.example.com/"), "tok", "catalyst:8080/hooks", "s", CACHE));

        // Then
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("webhook URL must");
    }

    @ParameterizedTest
    @CsvSource({"http://127.0.0.1:3000/, false", "https://192.0.2.10/, false", "http://192.0.2.10:3000/, true"})
    void shouldFlagPlainHttpOnlyWhenItLeavesThisMachine(String baseUrl, boolean flagged) {
        // When
        boolean plainToAnotherHost = settings(baseUrl).isPlainHttpToAnotherHost();

        // Then
        assertThat(plainToAnotherHost).isEqualTo(flagged);
    }
}
