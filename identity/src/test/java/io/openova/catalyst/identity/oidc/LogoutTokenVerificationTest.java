package io.openova.catalyst.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link OidcTokenVerifier#verifyLogoutToken}: OpenID Connect Back-Channel Logout 1.0, section 2.6, claim by claim. */
class LogoutTokenVerificationTest {
    private TestIssuer issuer;
    private OidcTokenVerifier verifier;

    @BeforeEach
    void startIssuer() throws Exception {
        issuer = TestIssuer.start();
        verifier = issuer.verifier();
    }

    @AfterEach
    void stopIssuer() {
        issuer.close();
    }

    @Test
    void shouldReadIssuerSessionSubjectAndIdWhenTheTokenIsValid() throws Exception {
        // Given
        Instant before = Instant.now().minusSeconds(1);
        String token = issuer.logoutToken("acme", claims -> claims.setJwtId("jti-1"));

        // When
        LogoutToken logout = verifier.verifyLogoutToken(token, "catalyst");

        // Then
        assertThat(logout.issuer()).isEqualTo(issuer.issuer("acme"));
        assertThat(logout.sessionId()).contains("provider-session-1");
        assertThat(logout.subject()).contains("user-1");
        assertThat(logout.id()).isEqualTo("jti-1");
        assertThat(logout.issuedAt()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void shouldAcceptATokenThatNamesOnlyTheSessionWhenItHasNoSubject() throws Exception {
        // Given
        String token = issuer.logoutToken("acme", claims -> claims.unsetClaim("sub"));

        // When
        LogoutToken logout = verifier.verifyLogoutToken(token, "catalyst");

        // Then
        assertThat(logout.subject()).isEmpty();
        assertThat(logout.sessionId()).contains("provider-session-1");
    }

    static Stream<Arguments> invalidClaims() {
        return Stream.of(
                refused("no events claim", claims -> claims.unsetClaim("events"), "events"),
                refused(
                        "events without the back-channel logout event",
                        claims -> claims.setClaim("events", Map.of("http://example.com/other-event", Map.of())),
                        "events"),
                refused(
                        "the event is not a JSON object",
                        claims -> claims.setClaim("events", Map.of(OidcTokenVerifier.BACKCHANNEL_LOGOUT_EVENT, true)),
                        "events"),
                refused("a nonce, as an ID token has", claims -> claims.setClaim("nonce", "n-1"), "nonce"),
                refused(
                        "neither sid nor sub",
                        claims -> {
                            claims.unsetClaim("sid");
                            claims.unsetClaim("sub");
                        },
                        "neither"),
                refused("no iat", claims -> claims.unsetClaim("iat"), "iat"),
                refused(
                        "an iat ten minutes old",
                        claims -> claims.setIssuedAt(NumericDate.fromSeconds(
                                Instant.now().minusSeconds(600).getEpochSecond())),
                        "iat"),
                refused(
                        "an iat ten minutes ahead",
                        claims -> {
                            claims.setIssuedAt(NumericDate.fromSeconds(
                                    Instant.now().plusSeconds(600).getEpochSecond()));
                            claims.setExpirationTimeMinutesInTheFuture(12);
                        },
                        "iat"),
                refused(
                        "an exp passed",
                        claims -> claims.setExpirationTime(NumericDate.fromSeconds(
                                Instant.now().minusSeconds(60).getEpochSecond())),
                        "expired"),
                refused("no exp", claims -> claims.unsetClaim("exp"), "exp"),
                refused("no jti", claims -> claims.unsetClaim("jti"), "jti"),
                refused("another audience", claims -> claims.setAudience("other-service"), "audience"),
                refused("a blank sid", claims -> claims.setClaim("sid", " "), "malformed"),
                refused("a sid that is not a string", claims -> claims.setClaim("sid", 42), "malformed"));
    }

    private static Arguments refused(String name, Consumer<JwtClaims> change, String reason) {
        return Arguments.of(name, change, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidClaims")
    void shouldRefuseSayingWhyWhenAClaimIsWrong(String name, Consumer<JwtClaims> change, String reason)
            throws Exception {
        // Given
        String token = issuer.logoutToken("acme", change);

        // When
        InvalidTokenException refusal =
                catchThrowableOfType(InvalidTokenException.class, () -> verifier.verifyLogoutToken(token, "catalyst"));

        // Then
        assertThat(refusal).as(name).isNotNull();
        assertThat(refusal.getMessage()).as(name).contains(reason).doesNotContain(token);
    }

    @Test
    void shouldRefuseWhenSignedByAnotherKey() throws Exception {
        // Given
        String token = issuer.logoutTokenOfAStranger("acme");

        // When
        InvalidTokenException refusal =
                catchThrowableOfType(InvalidTokenException.class, () -> verifier.verifyLogoutToken(token, "catalyst"));

        // Then
        assertThat(refusal).hasMessageContaining("signature");
    }

    @Test
    void shouldRefuseWhenThePayloadWasChangedAfterSigning() throws Exception {
        // Given: a token for user-1, its payload swapped for one naming user-2
        String[] parts = issuer.logoutToken("acme", claims -> {}).split("\\.");
        String forged = TestIssuer.logoutClaims(issuer.issuer("acme"), claims -> claims.setSubject("user-2"))
                .toJson();
        String token = parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(forged.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];

        // When
        InvalidTokenException refusal =
                catchThrowableOfType(InvalidTokenException.class, () -> verifier.verifyLogoutToken(token, "catalyst"));

        // Then
        assertThat(refusal).hasMessageContaining("signature");
    }

    @Test
    void shouldRefuseWhenTheTokenIsNotSigned() throws Exception {
        // Given
        JsonWebSignature unsigned = new JsonWebSignature();
        unsigned.setPayload(
                TestIssuer.logoutClaims(issuer.issuer("acme"), claims -> {}).toJson());
        unsigned.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        unsigned.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        String token = unsigned.getCompactSerialization();

        // When
        InvalidTokenException refusal =
                catchThrowableOfType(InvalidTokenException.class, () -> verifier.verifyLogoutToken(token, "catalyst"));

        // Then
        assertThat(refusal).isNotNull();
    }

    @Test
    void shouldNeverContactTheIssuerWhenItIsNotTrusted() throws Exception {
        // Given: a token of an issuer outside the trusted prefix
        String token = TestIssuer.sign(
                TestIssuer.logoutClaims("https://id.evil.example/realms/acme", claims -> {}), TestIssuer.strangerKey());

        // When
        InvalidTokenException refusal =
                catchThrowableOfType(InvalidTokenException.class, () -> verifier.verifyLogoutToken(token, "catalyst"));

        // Then
        assertThat(refusal).hasMessageContaining("issuer is not trusted");
        assertThat(issuer.requests()).isZero();
    }

    @Test
    void shouldRefuseWhenTheTokenIsMissingOrNoJwt() {
        // When
        Optional<InvalidTokenException> missing = Optional.ofNullable(
                catchThrowableOfType(InvalidTokenException.class, () -> verifier.verifyLogoutToken(null, "catalyst")));
        Optional<InvalidTokenException> blank = Optional.ofNullable(
                catchThrowableOfType(InvalidTokenException.class, () -> verifier.verifyLogoutToken(" ", "catalyst")));
        Optional<InvalidTokenException> garbage = Optional.ofNullable(catchThrowableOfType(
                InvalidTokenException.class, () -> verifier.verifyLogoutToken("not-a-jwt", "catalyst")));
        Optional<InvalidTokenException> huge = Optional.ofNullable(catchThrowableOfType(
                InvalidTokenException.class, () -> verifier.verifyLogoutToken("a".repeat(20_000), "catalyst")));

        // Then
        assertThat(missing).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("missing"));
        assertThat(blank).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("missing"));
        assertThat(garbage).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("not a well-formed JWT"));
        assertThat(huge).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("too long"));
    }

    @Test
    void shouldRefuseToBuildALogoutTokenThatNamesNeitherSubjectNorSession() {
        // When
        IllegalArgumentException refusal = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> new LogoutToken(
                        "https://id.example.com/realms/acme", Optional.empty(), Optional.empty(), "j", Instant.now()));

        // Then
        assertThat(refusal).hasMessageContaining("subject, a session or both");
    }
}
