package io.openova.catalyst.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The addresses Catalyst sends the browser to at the provider. */
class OidcClientTest {
    private static final OidcSessions.ProviderLogin LOGIN = new OidcSessions.ProviderLogin(
            "https://id.example.com/realms/acme", "user-1", Optional.of("sid-1"), "header.payload.signature");

    private final OidcClient client = new OidcClient("catalyst", Optional.empty());

    private static ProviderMetadata provider(Optional<URI> endSession) {
        return new ProviderMetadata(
                "https://id.example.com/realms/acme",
                Optional.empty(),
                Optional.empty(),
                URI.create("https://id.example.com/realms/acme/certs"),
                endSession);
    }

    @Test
    void shouldSendTheBrowserToTheEndSessionEndpointWithTheIdTokenHintWhenTheProviderHasOne() {
        // Given
        URI back = URI.create("https://catalyst.example.com/console/#/login");

        // When
        Optional<URI> logout = client.endSessionRequest(
                provider(Optional.of(URI.create("https://id.example.com/realms/acme/logout"))), LOGIN, back);

        // Then
        assertThat(logout).hasValueSatisfying(uri -> {
            assertThat(uri.getScheme() + "://" + uri.getHost() + uri.getPath())
                    .isEqualTo("https://id.example.com/realms/acme/logout");
            assertThat(query(uri))
                    .containsOnly(
                            Map.entry("id_token_hint", "header.payload.signature"),
                            Map.entry("post_logout_redirect_uri", back.toString()),
                            Map.entry("client_id", "catalyst"));
        });
    }

    @Test
    void shouldKeepTheEndpointsOwnQueryWhenItHasOne() {
        // When
        Optional<URI> logout = client.endSessionRequest(
                provider(Optional.of(URI.create("https://id.example.com/logout?tenant=acme"))),
                LOGIN,
                URI.create("https://catalyst.example.com/console/"));

        // Then
        assertThat(logout)
                .hasValueSatisfying(uri ->
                        assertThat(query(uri)).containsEntry("tenant", "acme").containsEntry("client_id", "catalyst"));
    }

    @Test
    void shouldOfferNoLogoutAtTheProviderWhenItPublishesNoEndSessionEndpoint() {
        // When
        Optional<URI> logout =
                client.endSessionRequest(provider(Optional.empty()), LOGIN, URI.create("https://c.example/console/"));

        // Then
        assertThat(logout).isEmpty();
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(
                        Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8), (a, b) -> b));
    }
}
