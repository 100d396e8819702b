package io.openova.catalyst.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.MutableClock;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.identity.accounts.SessionPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OidcSessionsTest {
    private static final Caller DEVELOPER =
            new Caller("3f6c-subject", Optional.of("acme"), Set.of(Role.DEVELOPER), "acme-dev");
    private static final String ACME = "https://id.example.com/realms/acme";
    private static final OidcSessions.ProviderLogin LOGIN =
            new OidcSessions.ProviderLogin(ACME, "3f6c-subject", Optional.of("sid-1"), "id-token-1");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final OidcSessions sessions = new OidcSessions(
            clock, new SecureRandom(), new SessionPolicy(Duration.ofHours(8), Duration.ofMinutes(30)), 2);

    @Test
    void shouldAuthenticateAnOpenSessionAsItsCaller() {
        // Given
        OidcSessions.Session session = sessions.open(DEVELOPER, LOGIN);

        // When
        Optional<Caller> caller = sessions.authenticate(session.token());

        // Then
        assertThat(caller).contains(DEVELOPER);
        assertThat(session.expiresAt()).isEqualTo(Instant.parse("2026-01-01T18:00:00Z"));
        assertThat(session.toString()).doesNotContain(session.token(), session.csrfToken());
    }

    @Test
    void shouldEndASessionLeftIdle() {
        // Given
        OidcSessions.Session session = sessions.open(DEVELOPER, LOGIN);
        clock.advance(Duration.ofMinutes(30));

        // When
        Optional<Caller> caller = sessions.authenticate(session.token());

        // Then
        assertThat(caller).isEmpty();
    }

    @Test
    void shouldKeepASessionInUseUntilItsAbsoluteEnd() {
        // Given: used every 20 minutes
        OidcSessions.Session session = sessions.open(DEVELOPER, LOGIN);
        for (int i = 0; i < 23; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(sessions.authenticate(session.token()))
                    .as("after %d uses", i)
                    .isPresent();
        }
        clock.advance(Duration.ofMinutes(20));

        // When: 8 hours after login
        Optional<Caller> caller = sessions.authenticate(session.token());

        // Then
        assertThat(caller).isEmpty();
    }

    @Test
    void shouldAcceptOnlyTheSessionsOwnCsrfToken() {
        // Given
        OidcSessions.Session session = sessions.open(DEVELOPER, LOGIN);
        OidcSessions.Session other = sessions.open(DEVELOPER, LOGIN);

        // When / Then
        assertThat(sessions.verifyCsrf(session.token(), session.csrfToken())).isTrue();
        assertThat(sessions.verifyCsrf(session.token(), other.csrfToken())).isFalse();
        assertThat(sessions.verifyCsrf(session.token(), null)).isFalse();
        assertThat(sessions.csrfToken(session.token())).contains(session.csrfToken());
    }

    @Test
    void shouldForgetAnEndedSessionAndAnswerItsProviderLogin() {
        // Given
        OidcSessions.Session session = sessions.open(DEVELOPER, LOGIN);

        // When
        Optional<OidcSessions.ProviderLogin> ended = sessions.end(session.token());

        // Then
        assertThat(ended).contains(LOGIN);
        assertThat(sessions.authenticate(session.token())).isEmpty();
        assertThat(sessions.verifyCsrf(session.token(), session.csrfToken())).isFalse();
        assertThat(LOGIN.toString()).doesNotContain("id-token-1");
    }

    @Test
    void shouldAnswerNoProviderLoginWhenTheSessionHadAlreadyEnded() {
        // Given: one session left idle, one unknown
        OidcSessions.Session idle = sessions.open(DEVELOPER, LOGIN);
        clock.advance(Duration.ofMinutes(31));

        // When
        Optional<OidcSessions.ProviderLogin> expired = sessions.end(idle.token());
        Optional<OidcSessions.ProviderLogin> unknown = sessions.end("made-up");

        // Then
        assertThat(expired).isEmpty();
        assertThat(unknown).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    private OidcSessions.Session open(String issuer, String subject, String sid) {
        return sessions.open(
                new Caller(subject, Optional.of("acme"), Set.of(Role.DEVELOPER), subject),
                new OidcSessions.ProviderLogin(issuer, subject, Optional.of(sid), "id-token-" + sid));
    }

    private static LogoutToken logout(String issuer, Optional<String> subject, Optional<String> sid) {
        return new LogoutToken(issuer, subject, sid, "jti-1", Instant.parse("2026-01-01T10:00:00Z"));
    }

    @Test
    void shouldEndOnlyTheSessionOfTheProviderSessionWhenTheLogoutTokenNamesASid() {
        // Given: a big store, one user logged in twice and another once
        OidcSessions store = new OidcSessions(
                clock, new SecureRandom(), new SessionPolicy(Duration.ofHours(8), Duration.ofMinutes(30)), 10);
        OidcSessions.Session first = store.open(DEVELOPER, LOGIN);
        OidcSessions.Session second = store.open(
                DEVELOPER, new OidcSessions.ProviderLogin(ACME, "3f6c-subject", Optional.of("sid-2"), "id-token-2"));

        // When
        int ended = store.end(logout(ACME, Optional.of("3f6c-subject"), Optional.of("sid-1")));

        // Then
        assertThat(ended).isEqualTo(1);
        assertThat(store.authenticate(first.token())).isEmpty();
        assertThat(store.authenticate(second.token())).contains(DEVELOPER);
    }

    @Test
    void shouldEndEverySessionOfTheUserWhenTheLogoutTokenNamesOnlyTheSubject() {
        // Given
        OidcSessions.Session first = open(ACME, "user-1", "sid-1");
        OidcSessions.Session second = open(ACME, "user-1", "sid-2");

        // When
        int ended = sessions.end(logout(ACME, Optional.of("user-1"), Optional.empty()));

        // Then
        assertThat(ended).isEqualTo(2);
        assertThat(sessions.authenticate(first.token())).isEmpty();
        assertThat(sessions.authenticate(second.token())).isEmpty();
    }

    @Test
    void shouldEndNothingWhenTheLogoutTokenIsOfAnotherIssuer() {
        // Given: the same subject and sid, at another realm
        OidcSessions.Session session = open(ACME, "user-1", "sid-1");

        // When
        int ended = sessions.end(
                logout("https://id.example.com/realms/globex", Optional.of("user-1"), Optional.of("sid-1")));

        // Then
        assertThat(ended).isZero();
        assertThat(sessions.authenticate(session.token())).isPresent();
    }

    @Test
    void shouldEndNothingWhenTheSidMatchesButTheSubjectDoesNot() {
        // Given
        OidcSessions.Session session = open(ACME, "user-1", "sid-1");

        // When
        int ended = sessions.end(logout(ACME, Optional.of("user-2"), Optional.of("sid-1")));

        // Then
        assertThat(ended).isZero();
        assertThat(sessions.authenticate(session.token())).isPresent();
    }

    @Test
    void shouldEndNothingWhenTheLogoutTokenNamesASidOfALoginWithout() {
        // Given: a provider that put no sid in the ID token
        OidcSessions.Session session = sessions.open(
                DEVELOPER, new OidcSessions.ProviderLogin(ACME, "3f6c-subject", Optional.empty(), "id-token-1"));

        // When
        int ended = sessions.end(logout(ACME, Optional.empty(), Optional.of("sid-1")));

        // Then
        assertThat(ended).isZero();
        assertThat(sessions.authenticate(session.token())).isPresent();
    }

    @Test
    void shouldRefuseTokensItDidNotIssue() {
        // When / Then
        assertThat(sessions.authenticate("made-up")).isEmpty();
        assertThat(sessions.authenticate("")).isEmpty();
    }

    @Test
    void shouldEndTheLeastRecentlyUsedSessionWhenFull() {
        // Given: a store for two, the first used after the second was opened
        OidcSessions.Session first = sessions.open(DEVELOPER, LOGIN);
        OidcSessions.Session second = sessions.open(DEVELOPER, LOGIN);
        sessions.authenticate(first.token());

        // When
        OidcSessions.Session third = sessions.open(DEVELOPER, LOGIN);

        // Then
        assertThat(sessions.authenticate(second.token())).isEmpty();
        assertThat(sessions.authenticate(first.token())).isPresent();
        assertThat(sessions.authenticate(third.token())).isPresent();
    }
}
