package io.openova.catalyst.identity.oidc;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What a trusted issuer publishes at {@code <issuer>/.well-known/openid-configuration}, as far as Catalyst uses it.
 *
 * @param issuer the issuer, exactly as its tokens' {@code iss}
 * @param authorizationEndpoint where the browser is sent to log in, when published (a provider that only issues
 *     tokens to machines may not)
 * @param tokenEndpoint where Catalyst exchanges an authorization code, when published
 * @param jwksUri the signing keys of the issuer's tokens
 * @param endSessionEndpoint where the browser may go to end the provider's own session, when published
 */
public record ProviderMetadata(
        String issuer,
        Optional<URI> authorizationEndpoint,
        Optional<URI> tokenEndpoint,
        URI jwksUri,
        Optional<URI> endSessionEndpoint) {
    public ProviderMetadata {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(jwksUri, "jwksUri");
        Objects.requireNonNull(endSessionEndpoint, "endSessionEndpoint");
    }
}
