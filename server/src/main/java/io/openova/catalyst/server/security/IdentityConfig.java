package io.openova.catalyst.server.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Who Catalyst trusts (docs/security.md). With no OIDC issuer set, Catalyst keeps its own accounts (local mode); with
 * {@code oidc.issuer-prefix} it trusts one Keycloak realm per Organization, with {@code oidc.issuer} one realm for the
 * whole Sovereign. Setting both is refused at start.
 */
@ConfigMapping(prefix = "catalyst.identity")
public interface IdentityConfig {

    Oidc oidc();

    Session session();

    Lockout lockout();

    /**
     * Whether the session cookie is {@code Secure} ({@code catalyst.identity.cookie-secure}). Browsers accept secure
     * cookies from {@code http://localhost} and {@code http://127.0.0.1}; turn it off only behind a plain-HTTP address
     * that is not loopback, which you should not have.
     */
    @WithDefault("true")
    boolean cookieSecure();

    interface Oidc {
        /**
         * Realm per Organization ({@code catalyst.identity.oidc.issuer-prefix}), such as
         * {@code https://id.example.com/realms/}: a token of issuer {@code <prefix><org>} belongs to {@code <org>}.
         */
        Optional<String> issuerPrefix();

        /** One realm for the Sovereign ({@code catalyst.identity.oidc.issuer}); the organization claim picks the Org. */
        Optional<String> issuer();

        /** The claim naming the caller's Organization in the one-realm mode. */
        @WithDefault("org")
        String organizationClaim();

        /** What the tokens' {@code aud} must contain. */
        @WithDefault("catalyst")
        String audience();

        /** The claim with the caller's role names; Keycloak's {@code realm_access.roles} is the fallback. */
        @WithDefault("roles")
        String rolesClaim();

        @WithDefault("PT30S")
        Duration clockSkew();

        /** The client Catalyst is at the identity provider for the console's browser login. */
        @WithDefault("catalyst")
        String clientId();

        /** The secret of a confidential client; unset for a public client (PKCE protects the code either way). */
        Optional<String> clientSecret();

        /**
         * The browser login's callback as registered at the provider, such as
         * {@code https://catalyst.example.com/api/v1/session/oidc/callback}; unset: built from the request's scheme and
         * host. Set it behind a reverse proxy.
         */
        Optional<String> redirectUri();

        /**
         * Where the identity provider sends the browser after the console's logout ended the user's session there too
         * (RP-initiated logout), such as {@code https://catalyst.example.com/console/#/login}; unset: the console's
         * login page at the request's scheme and host. Register it at the provider (Keycloak: the client's "Valid post
         * logout redirect URIs"); the provider refuses any other.
         */
        Optional<String> postLogoutRedirectUri();
    }

    interface Session {
        /** A console session (local or OIDC) ends after this long without a request. */
        @WithDefault("PT30M")
        Duration idleTimeout();

        /** A console session (local or OIDC) ends this long after login, used or not. */
        @WithDefault("PT8H")
        Duration absoluteTimeout();
    }

    interface Lockout {
        /** Consecutive failed logins that lock a local account. */
        @WithDefault("5")
        int attempts();

        /** How long a locked local account stays locked. */
        @WithDefault("PT15M")
        Duration duration();
    }
}
