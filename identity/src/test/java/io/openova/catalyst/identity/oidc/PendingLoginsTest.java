package io.openova.catalyst.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.identity.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingLoginsTest {
    private static final String ISSUER = "https://id.example.com/realms/acme";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final PendingLogins logins = new PendingLogins(clock, new SecureRandom(), Duration.ofMinutes(10), 3);

    @Test
    void shouldAnswerALoginOnceWithItsState() {
        // Given
        PendingLogins.Started started = logins.start(ISSUER, "#/orgs/acme");

        // When
        Optional<PendingLogins.PendingLogin> first =
                logins.take(started.binding(), started.login().state());
        Optional<PendingLogins.PendingLogin> replayed =
                logins.take(started.binding(), started.login().state());

        // Then
        assertThat(first).contains(started.login());
        assertThat(first.get().issuer()).isEqualTo(ISSUER);
        assertThat(first.get().next()).isEqualTo("#/orgs/acme");
        assertThat(replayed).isEmpty();
    }

    @Test
    void shouldRefuseAnotherStateAndForgetTheLogin() {
        // Given
        PendingLogins.Started started = logins.start(ISSUER, "#/");

        // When
        Optional<PendingLogins.PendingLogin> forged = logins.take(started.binding(), "forged");

        // Then: not even the right state works afterwards
        assertThat(forged).isEmpty();
        assertThat(logins.take(started.binding(), started.login().state())).isEmpty();
    }

    @Test
    void shouldRefuseTheStateOfAnotherBrowsersLogin() {
        // Given
        PendingLogins.Started mine = logins.start(ISSUER, "#/");
        PendingLogins.Started theirs = logins.start(ISSUER, "#/");

        // When
        Optional<PendingLogins.PendingLogin> taken =
                logins.take(mine.binding(), theirs.login().state());

        // Then
        assertThat(taken).isEmpty();
    }

    @Test
    void shouldExpireALoginAfterTheTimeout() {
        // Given
        PendingLogins.Started started = logins.start(ISSUER, "#/");
        clock.advance(Duration.ofMinutes(10));

        // When
        Optional<PendingLogins.PendingLogin> late =
                logins.take(started.binding(), started.login().state());

        // Then
        assertThat(late).isEmpty();
    }

    @Test
    void shouldAcceptALoginJustBeforeTheTimeout() {
        // Given
        PendingLogins.Started started = logins.start(ISSUER, "#/");
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));

        // When
        Optional<PendingLogins.PendingLogin> inTime =
                logins.take(started.binding(), started.login().state());

        // Then
        assertThat(inTime).isPresent();
    }

    @Test
    void shouldDropTheOldestLoginWhenFull() {
        // Given: a store for three logins
        PendingLogins.Started oldest = logins.start(ISSUER, "#/");
        PendingLogins.Started second = logins.start(ISSUER, "#/");
        logins.start(ISSUER, "#/");

        // When
        logins.start(ISSUER, "#/");

        // Then
        assertThat(logins.size()).isEqualTo(3);
        assertThat(logins.take(oldest.binding(), oldest.login().state())).isEmpty();
        assertThat(logins.take(second.binding(), second.login().state())).isPresent();
    }

    @Test
    void shouldPurgeExpiredLoginsAtTheNextStart() {
        // Given
        logins.start(ISSUER, "#/");
        logins.start(ISSUER, "#/");
        clock.advance(Duration.ofMinutes(11));

        // When
        logins.start(ISSUER, "#/");

        // Then
        assertThat(logins.size()).isEqualTo(1);
    }

    @Test
    void shouldMakeFreshRandomValuesAndTheS256ChallengeOfTheVerifier() throws Exception {
        // When
        PendingLogins.Started a = logins.start(ISSUER, "#/");
        PendingLogins.Started b = logins.start(ISSUER, "#/");

        // Then: RFC 7636 appendix B: BASE64URL(SHA256(ASCII(code_verifier)))
        PendingLogins.PendingLogin login = a.login();
        String expected = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(login.codeVerifier().getBytes(StandardCharsets.US_ASCII)));
        assertThat(login.codeChallenge()).isEqualTo(expected);
        assertThat(login.codeVerifier()).matches("[A-Za-z0-9_-]{43,128}");
        assertThat(java.util.Set.of(a.binding(), login.state(), login.nonce(), login.codeVerifier(), b.binding()))
                .hasSize(5);
        assertThat(b.login().state()).isNotEqualTo(login.state());
        assertThat(a.toString()).doesNotContain(login.state(), login.nonce(), login.codeVerifier(), a.binding());
    }

    @Test
    void shouldMatchTheChallengeOfRfc7636AppendixB() {
        // Given: the verifier of RFC 7636's example
        PendingLogins.PendingLogin login = new PendingLogins.PendingLogin(
                "s", "n", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", ISSUER, "#/", clock.instant());

        // When
        String challenge = login.codeChallenge();

        // Then
        assertThat(challenge).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
