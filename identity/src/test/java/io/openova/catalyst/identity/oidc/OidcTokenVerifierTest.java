package io.openova.catalyst.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.Role;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier against a small issuer of its own: OIDC discovery and a JWKS served over HTTP on loopback, tokens
 * signed with jose4j. The same verifier runs against a real Keycloak in the server's cross-tenant tests.
 */
class OidcTokenVerifierTest {
    private TestIssuer issuer;
    private String base;

    @BeforeEach
    void startIssuer() throws Exception {
        issuer = TestIssuer.start();
        base = issuer.prefix();
    }

    @AfterEach
    void stopIssuer() {
        issuer.close();
    }

    private OidcTokenVerifier perOrganization() {
        return new OidcTokenVerifier(new OidcSettings(
                new OidcSettings.RealmPerOrganization(URI.create(base)), "catalyst", "roles", Duration.ofSeconds(5)));
    }

    private OidcTokenVerifier sovereign() {
        return new OidcTokenVerifier(new OidcSettings(
                new OidcSettings.SovereignRealm(URI.create(base + "sovereign"), "org"),
                "catalyst",
                "roles",
                Duration.ofSeconds(5)));
    }

    private String token(String realm, Consumer<JwtClaims> claims) throws JoseException {
        return token(realm, claims, TestIssuer.key());
    }

    private String token(String realm, Consumer<JwtClaims> more, RsaJsonWebKey signer) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(base + realm);
        claims.setAudience("catalyst", "account");
        claims.setSubject("user-1");
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setIssuedAtToNow();
        claims.setClaim("preferred_username", "alice");
        claims.setStringListClaim("roles", "developer", "offline_access");
        more.accept(claims);
        return TestIssuer.sign(claims, signer);
    }

    @Test
    void shouldTakeOrganizationFromIssuerWhenRealmPerOrganization() throws Exception {
        // Given
        String token = token("acme", claims -> claims.setClaim("org", "globex"));

        // When
        Caller caller = perOrganization().verify(token);

        // Then
        assertThat(caller.subject()).isEqualTo("user-1");
        assertThat(caller.organization()).contains("acme");
        assertThat(caller.roles()).containsExactly(Role.DEVELOPER);
        assertThat(caller.displayName()).isEqualTo("alice");
    }

    @Test
    void shouldTakeOrganizationFromClaimOrGroupWhenOneRealm() throws Exception {
        // Given
        String plain = token("sovereign", claims -> claims.setClaim("org", "acme"));
        String group = token("sovereign", claims -> claims.setStringListClaim("org", "/orgs/globex"));
        String none = token("sovereign", claims -> claims.setStringListClaim("roles", "sovereign-admin"));

        // When
        OidcTokenVerifier verifier = sovereign();

        // Then
        assertThat(verifier.verify(plain).organization()).contains("acme");
        assertThat(verifier.verify(group).organization()).contains("globex");
        Caller admin = verifier.verify(none);
        assertThat(admin.organization()).isEmpty();
        assertThat(admin.roles()).containsExactly(Role.SOVEREIGN_ADMIN);
    }

    @Test
    void shouldReadKeycloakRealmAccessWhenRolesClaimIsAbsent() throws Exception {
        // Given
        String token = token("acme", claims -> {
            claims.unsetClaim("roles");
            claims.setClaim("realm_access", Map.of("roles", List.of("org-admin", "uma_authorization")));
        });

        // When
        Caller caller = perOrganization().verify(token);

        // Then
        assertThat(caller.roles()).containsExactly(Role.ORG_ADMIN);
    }

    @Test
    void shouldRefuseWhenTokenHasExpired() throws Exception {
        // Given
        String token = token("acme", claims -> claims.setExpirationTimeMinutesInTheFuture(-2));

        // When
        InvalidTokenException refused = catchThrowableOfType(
                InvalidTokenException.class, () -> perOrganization().verify(token));

        // Then
        assertThat(refused).hasMessage("the token has expired");
    }

    @Test
    void shouldRefuseAnIdTokenPresentedAsAnAccessToken() throws Exception {
        // Given
        String token = token("acme", claims -> claims.setClaim("typ", "ID"));

        // When
        InvalidTokenException refused = catchThrowableOfType(
                InvalidTokenException.class, () -> perOrganization().verify(token));

        // Then
        assertThat(refused).hasMessage("an ID token is not an access token");
    }

    @Test
    void shouldRefuseWhenAudienceIsAnother() throws Exception {
        // Given
        String token = token("acme", claims -> claims.setAudience("billing"));

        // When
        InvalidTokenException refused = catchThrowableOfType(
                InvalidTokenException.class, () -> perOrganization().verify(token));

        // Then
        assertThat(refused).hasMessage("the token is not for this audience");
    }

    @Test
    void shouldRefuseWhenSignedByAnotherKey() throws Exception {
        // Given
        String token = token("acme", claims -> {}, TestIssuer.strangerKey());

        // When
        InvalidTokenException refused = catchThrowableOfType(
                InvalidTokenException.class, () -> perOrganization().verify(token));

        // Then
        assertThat(refused).hasMessage("the token's signature does not verify");
    }

    @Test
    void shouldRefuseWhenPayloadWasTamperedWith() throws Exception {
        // Given
        String[] parts = token("acme", claims -> {}).split("\\.");
        String forged = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("developer", "org-admin")
                        .getBytes(StandardCharsets.UTF_8));
        String token = parts[0] + "." + forged + "." + parts[2];

        // When
        InvalidTokenException refused = catchThrowableOfType(
                InvalidTokenException.class, () -> perOrganization().verify(token));

        // Then
        assertThat(refused).hasMessage("the token's signature does not verify");
    }

    @Test
    void shouldNeverContactIssuerWhenIssuerIsNotTrusted() throws Exception {
        // Given
        String elsewhere = token("acme", claims -> claims.setIssuer("http://127.0.0.1:1/evil"));
        String notALabel = token("Acme_Corp", claims -> {});

        // When
        InvalidTokenException first = catchThrowableOfType(
                InvalidTokenException.class, () -> perOrganization().verify(elsewhere));
        InvalidTokenException second = catchThrowableOfType(
                InvalidTokenException.class, () -> perOrganization().verify(notALabel));
        InvalidTokenException third = catchThrowableOfType(
                InvalidTokenException.class, () -> sovereign().verify(token("acme", c -> {})));

        // Then
        assertThat(List.of(first, second, third))
                .extracting(Throwable::getMessage)
                .containsOnly("the token's issuer is not trusted");
        assertThat(issuer.discoveries()).isZero();
    }

    @Test
    void shouldRefuseWhenTokenIsNoJwtOrNamesTwoOrganizations() throws Exception {
        // Given
        String twoOrganizations = token("sovereign", claims -> claims.setStringListClaim("org", "acme", "globex"));

        // When
        InvalidTokenException garbage = catchThrowableOfType(
                InvalidTokenException.class, () -> perOrganization().verify("not.a.jwt"));
        InvalidTokenException two = catchThrowableOfType(
                InvalidTokenException.class, () -> sovereign().verify(twoOrganizations));

        // Then
        assertThat(garbage).hasMessage("the token is not a well-formed JWT");
        assertThat(two).hasMessageContaining("more than one Organization");
    }

    @Test
    void shouldDiscoverOnceWhenManyTokensOfOneIssuerArrive() throws Exception {
        // Given
        OidcTokenVerifier verifier = perOrganization();

        // When
        for (int i = 0; i < 5; i++) {
            verifier.verify(token("acme", claims -> {}));
        }

        // Then
        assertThat(issuer.discoveries()).isEqualTo(1);
        assertThat(Optional.of(verifier.settings().audience())).contains("catalyst");
    }

    @Test
    void shouldRefuseSettingsWhenPrefixDoesNotEndWithSlash() {
        // When
        IllegalArgumentException refused = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> new OidcSettings.RealmPerOrganization(URI.create("https://id.example.com/realms")));

        // Then
        assertThat(refused).hasMessageStartingWith("issuerPrefix:");
    }
}
