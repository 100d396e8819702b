package io.openova.catalyst.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks {@link IdentityWiring} makes of the identity settings at start. */
class IdentityWiringTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://catalyst.example.com/console/#/login", "http://127.0.0.1:8080/console/"})
    void shouldAcceptAPostLogoutRedirectUriWhenItIsAnAbsoluteHttpAddress(String value) {
        // When
        URI uri = IdentityWiring.absoluteHttp("catalyst.identity.oidc.post-logout-redirect-uri", value);

        // Then
        assertThat(uri).hasToString(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/#/login", "javascript:alert(1)", "ftp://files.example.com/", "https://", "a b"})
    void shouldRefuseAPostLogoutRedirectUriNamingTheSettingWhenItIsNoAbsoluteHttpAddress(String value) {
        // When
        IllegalStateException refusal = catchThrowableOfType(
                IllegalStateException.class,
                () -> IdentityWiring.absoluteHttp("catalyst.identity.oidc.post-logout-redirect-uri", value));

        // Then
        assertThat(refusal)
                .hasMessageStartingWith("catalyst.identity.oidc.post-logout-redirect-uri: must be an absolute http(s)")
                .hasMessageContaining(value);
    }
}
