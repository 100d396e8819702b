package io.openova.catalyst.testing.keycloak;

import static io.openova.catalyst.testing.keycloak.KeycloakRealms.ACME;
import static io.openova.catalyst.testing.keycloak.KeycloakRealms.GLOBEX;
import static io.openova.catalyst.testing.keycloak.KeycloakRealms.PASSWORD;
import static io.openova.catalyst.testing.keycloak.KeycloakRealms.SOVEREIGN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Against the real Keycloak of {@link KeycloakServer#shared()}: the realms, users and claims Catalyst relies on. */
class KeycloakServerIT {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CODE_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static KeycloakServer keycloak;

    @BeforeAll
    static void startKeycloak() {
        keycloak = KeycloakServer.shared();
    }

    @ParameterizedTest(name = "{1} of realm {0} gets roles [{2}]")
    @CsvSource({
        "acme,      acme-admin,    org-admin",
        "acme,      acme-dev,      developer",
        "acme,      acme-viewer,   viewer",
        "globex,    globex-admin,  org-admin",
        "globex,    globex-dev,    developer",
        "globex,    globex-viewer, viewer",
        "sovereign, alice,         developer",
        "sovereign, bob,           developer",
        "sovereign, carol,         org-admin",
        "sovereign, vera,          viewer",
        "sovereign, root,          sovereign-admin"
    })
    void shouldIssueAnAccessTokenWithIssuerAudienceAndTheUsersRoles(String realm, String username, String role) {
        // When
        Jwt token = Jwt.decode(keycloak.accessToken(realm, username, PASSWORD));

        // Then
        assertThat(token.string("iss")).contains(keycloak.issuer(realm));
        assertThat(token.audience()).contains(KeycloakRealms.AUDIENCE);
        assertThat(token.string("azp")).contains(KeycloakRealms.CLIENT);
        assertThat(token.strings(KeycloakRealms.ROLES_CLAIM)).containsExactly(role);
        assertThat(token.string("preferred_username")).contains(username);
        assertThat(token.string("sub")).isPresent();
        assertThat(Duration.between(token.issuedAt(), token.expiresAt())).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest(name = "{0} belongs to {1}")
    @CsvSource({"alice, acme", "bob, globex", "carol, acme", "vera, acme"})
    void shouldCarryTheUsersOrganizationInTheOrgClaimOfTheSovereignRealm(String username, String organization) {
        // When
        Jwt token = Jwt.decode(keycloak.accessToken(SOVEREIGN, username, PASSWORD));

        // Then
        assertThat(token.claims().path(KeycloakRealms.ORG_CLAIM).isTextual()).isTrue();
        assertThat(token.string(KeycloakRealms.ORG_CLAIM)).contains(organization);
    }

    @Test
    void shouldIssueNoOrgClaimToTheSovereignAdministrator() {
        // When
        Jwt token = Jwt.decode(keycloak.accessToken(SOVEREIGN, "root", PASSWORD));

        // Then
        assertThat(token.claims().has(KeycloakRealms.ORG_CLAIM)).isFalse();
    }

    @Test
    void shouldSignTokensWithAKeyPublishedInTheRealmsJwks() throws Exception {
        // Given
        String token = keycloak.accessToken(ACME, "acme-dev", PASSWORD);
        Jwt jwt = Jwt.decode(token);

        // When
        JsonNode jwks = JSON.readTree(get(keycloak.jwksUri(ACME)).body());

        // Then
        JsonNode key = null;
        for (JsonNode candidate : jwks.path("keys")) {
            if (candidate.path("kid").asText().equals(jwt.keyId())) {
                key = candidate;
            }
        }
        assertThat(key).as("a key with kid %s in %s", jwt.keyId(), jwks).isNotNull();
        assertThat(jwt.header().path("alg").asText()).isEqualTo("RS256");
        assertThat(key.path("kty").asText()).isEqualTo("RSA");
        String[] parts = token.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(rsaKey(key));
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void shouldRejectAWrongPasswordWithAClearError() {
        // When
        TokenRequestException refused = catchThrowableOfType(
                TokenRequestException.class, () -> keycloak.accessToken(ACME, "acme-dev", "not-the-password"));

        // Then
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_grant");
        assertThat(refused)
                .hasMessageContaining("acme-dev")
                .hasMessageContaining("realm acme")
                .hasMessageContaining("Invalid user credentials")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void shouldNotLetAUserOfOneOrganizationsRealmIntoAnother() {
        // When
        TokenRequestException refused = catchThrowableOfType(
                TokenRequestException.class, () -> keycloak.accessToken(GLOBEX, "acme-admin", PASSWORD));

        // Then
        assertThat(refused.error()).isEqualTo("invalid_grant");
    }

    @Test
    void shouldIssueTokensForAnotherAudienceToTheOtherClient() {
        // When
        Jwt token = Jwt.decode(keycloak.accessToken(ACME, KeycloakRealms.OTHER_AUDIENCE_CLIENT, "acme-dev", PASSWORD));

        // Then
        assertThat(token.audience()).containsExactly(KeycloakRealms.OTHER_AUDIENCE);
        assertThat(token.string("iss")).contains(keycloak.issuer(ACME));
        assertThat(token.strings(KeycloakRealms.ROLES_CLAIM)).containsExactly("developer");
    }

    @Test
    void shouldIssueTokensLivingOneSecondToTheShortLivedClient() {
        // When
        Jwt token = Jwt.decode(keycloak.accessToken(SOVEREIGN, KeycloakRealms.SHORT_LIVED_CLIENT, "alice", PASSWORD));

        // Then
        assertThat(Duration.between(token.issuedAt(), token.expiresAt())).isEqualTo(Duration.ofSeconds(1));
        assertThat(token.audience()).contains(KeycloakRealms.AUDIENCE);
        assertThat(token.string(KeycloakRealms.ORG_CLAIM)).contains("acme");
    }

    @Test
    void shouldHandOutAnExpiredTokenOnlyOnceItHasExpired() {
        // When
        Jwt token = Jwt.decode(keycloak.expiredAccessToken(ACME, "acme-viewer", PASSWORD));

        // Then
        assertThat(token.expiresAt()).isBefore(Instant.now());
        assertThat(token.audience()).contains(KeycloakRealms.AUDIENCE);
    }

    @Test
    void shouldAcceptALoopbackRedirectOnAnyPortWithPkce() throws Exception {
        // When
        HttpResponse<String> login = get(authorize("http://127.0.0.1:54321/callback", true));

        // Then
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("kc-form-login");
    }

    @Test
    void shouldRequirePkceForTheAuthorizationCodeFlow() throws Exception {
        // When
        HttpResponse<String> answer = get(authorize("http://localhost:40000/callback", false));

        // Then
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .startsWith("http://localhost:40000/callback?error=invalid_request")
                .contains("code_challenge_method"));
    }

    @Test
    void shouldRejectARedirectOutsideLoopback() throws Exception {
        // When
        HttpResponse<String> answer = get(authorize("http://attacker.example/callback", true));

        // Then
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Invalid parameter: redirect_uri");
    }

    private static String authorize(String redirectUri, boolean pkce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", KeycloakRealms.CLIENT);
        query.put("response_type", "code");
        query.put("scope", "openid");
        query.put("redirect_uri", redirectUri);
        if (pkce) {
            query.put("code_challenge", CODE_CHALLENGE);
            query.put("code_challenge_method", "S256");
        }
        return keycloak.issuer(ACME) + "/protocol/openid-connect/auth?"
                + query.entrySet().stream()
                        .map(field ->
                                field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> get(String uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static PublicKey rsaKey(JsonNode jwk) throws Exception {
        Base64.Decoder base64url = Base64.getUrlDecoder();
        BigInteger modulus = new BigInteger(1, base64url.decode(jwk.path("n").asText()));
        BigInteger exponent = new BigInteger(1, base64url.decode(jwk.path("e").asText()));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }
}
