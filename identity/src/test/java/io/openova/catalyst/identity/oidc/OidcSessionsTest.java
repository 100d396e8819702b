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

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final OidcSessions sessions = new OidcSessions(
            clock, new SecureRandom(), new SessionPolicy(Duration.ofHours(8), Duration.ofMinutes(30)), 2);

    @Test
    void shouldAuthenticateAnOpenSessionAsItsCaller() {
        // Given
        OidcSessions.Session session = sessions.open(DEVELOPER);

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
        OidcSessions.Session session = sessions.open(DEVELOPER);
        clock.advance(Duration.ofMinutes(30));

        // When
        Optional<Caller> caller = sessions.authenticate(session.token());

        // Then
        assertThat(caller).isEmpty();
    }

    @Test
    void shouldKeepASessionInUseUntilItsAbsoluteEnd() {
        // Given: used every 20 minutes
        OidcSessions.Session session = sessions.open(DEVELOPER);
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
        OidcSessions.Session session = sessions.open(DEVELOPER);
        OidcSessions.Session other = sessions.open(DEVELOPER);

        // When / Then
        assertThat(sessions.verifyCsrf(session.token(), session.csrfToken())).isTrue();
        assertThat(sessions.verifyCsrf(session.token(), other.csrfToken())).isFalse();
        assertThat(sessions.verifyCsrf(session.token(), null)).isFalse();
        assertThat(sessions.csrfToken(session.token())).contains(session.csrfToken());
    }

    @Test
    void shouldForgetAnEndedSession() {
        // Given
        OidcSessions.Session session = sessions.open(DEVELOPER);

        // When
        sessions.end(session.token());

        // Then
        assertThat(sessions.authenticate(session.token())).isEmpty();
        assertThat(sessions.verifyCsrf(session.token(), session.csrfToken())).isFalse();
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
        OidcSessions.Session first = sessions.open(DEVELOPER);
        OidcSessions.Session second = sessions.open(DEVELOPER);
        sessions.authenticate(first.token());

        // When
        OidcSessions.Session third = sessions.open(DEVELOPER);

        // Then
        assertThat(sessions.authenticate(second.token())).isEmpty();
        assertThat(sessions.authenticate(first.token())).isPresent();
        assertThat(sessions.authenticate(third.token())).isPresent();
    }
}
