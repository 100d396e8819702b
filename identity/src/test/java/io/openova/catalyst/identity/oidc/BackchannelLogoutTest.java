package io.openova.catalyst.identity.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.MutableClock;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.identity.accounts.SessionPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider's logout tokens ending console sessions: verified, used once, and only the sessions they name. */
class BackchannelLogoutTest {
    private static final Caller DEVELOPER =
            new Caller("user-1", Optional.of("acme"), Set.of(Role.DEVELOPER), "acme-dev");
    private static final Caller VIEWER = new Caller("user-2", Optional.of("acme"), Set.of(Role.VIEWER), "acme-viewer");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final OidcSessions sessions = new OidcSessions(
            clock, new SecureRandom(), new SessionPolicy(Duration.ofHours(8), Duration.ofMinutes(30)), 100);
    private TestIssuer issuer;
    private BackchannelLogout backchannel;

    @BeforeEach
    void startIssuer() throws Exception {
        issuer = TestIssuer.start();
        backchannel = new BackchannelLogout(
                issuer.verifier(), sessions, "catalyst", clock, BackchannelLogout.DEFAULT_CAPACITY);
    }

    @AfterEach
    void stopIssuer() {
        issuer.close();
    }

    private OidcSessions.Session open(Caller caller, String sid) {
        return sessions.open(
                caller,
                new OidcSessions.ProviderLogin(
                        issuer.issuer("acme"), caller.subject(), Optional.of(sid), "id-token-" + sid));
    }

    @Test
    void shouldEndTheSessionOfTheProviderSessionTheTokenNames() throws Exception {
        // Given: user-1 logged in twice (two provider sessions), user-2 once
        OidcSessions.Session first = open(DEVELOPER, "provider-session-1");
        OidcSessions.Session second = open(DEVELOPER, "provider-session-2");
        OidcSessions.Session other = open(VIEWER, "provider-session-3");

        // When
        BackchannelLogout.Outcome outcome = backchannel.logout(issuer.logoutToken("acme", claims -> {}));

        // Then
        assertThat(outcome.sessionsEnded()).isEqualTo(1);
        assertThat(outcome.token().sessionId()).contains("provider-session-1");
        assertThat(sessions.authenticate(first.token())).isEmpty();
        assertThat(sessions.authenticate(second.token())).contains(DEVELOPER);
        assertThat(sessions.authenticate(other.token())).contains(VIEWER);
    }

    @Test
    void shouldEndEverySessionOfTheUserWhenTheTokenNamesOnlyTheSubject() throws Exception {
        // Given
        OidcSessions.Session first = open(DEVELOPER, "provider-session-1");
        OidcSessions.Session second = open(DEVELOPER, "provider-session-2");
        OidcSessions.Session other = open(VIEWER, "provider-session-3");

        // When
        BackchannelLogout.Outcome outcome =
                backchannel.logout(issuer.logoutToken("acme", claims -> claims.unsetClaim("sid")));

        // Then
        assertThat(outcome.sessionsEnded()).isEqualTo(2);
        assertThat(sessions.authenticate(first.token())).isEmpty();
        assertThat(sessions.authenticate(second.token())).isEmpty();
        assertThat(sessions.authenticate(other.token())).contains(VIEWER);
    }

    @Test
    void shouldRefuseAReplayedTokenAndEndNoSessionOpenedSince() throws Exception {
        // Given: a token that ended user-1's sessions, then a new login of user-1
        String token = issuer.logoutToken("acme", claims -> claims.unsetClaim("sid"));
        backchannel.logout(token);
        OidcSessions.Session since = open(DEVELOPER, "provider-session-4");

        // When
        InvalidTokenException refusal =
                catchThrowableOfType(InvalidTokenException.class, () -> backchannel.logout(token));

        // Then
        assertThat(refusal).hasMessageContaining("replay");
        assertThat(sessions.authenticate(since.token())).contains(DEVELOPER);
    }

    @Test
    void shouldAcceptAnotherTokenOfTheSameUserWhenItsIdIsNew() throws Exception {
        // Given
        backchannel.logout(issuer.logoutToken("acme", claims -> claims.unsetClaim("sid")));
        OidcSessions.Session since = open(DEVELOPER, "provider-session-4");

        // When
        BackchannelLogout.Outcome outcome =
                backchannel.logout(issuer.logoutToken("acme", claims -> claims.unsetClaim("sid")));

        // Then
        assertThat(outcome.sessionsEnded()).isEqualTo(1);
        assertThat(sessions.authenticate(since.token())).isEmpty();
    }

    @Test
    void shouldEndNothingWhenTheTokenIsInvalid() throws Exception {
        // Given
        OidcSessions.Session session = open(DEVELOPER, "provider-session-1");
        String forAnotherClient = issuer.logoutToken("acme", claims -> claims.setAudience("another-client"));

        // When
        InvalidTokenException refusal =
                catchThrowableOfType(InvalidTokenException.class, () -> backchannel.logout(forAnotherClient));

        // Then
        assertThat(refusal).hasMessageContaining("audience");
        assertThat(sessions.authenticate(session.token())).contains(DEVELOPER);
    }

    @Test
    void shouldRefuseSettingsWhenClientIdIsBlankOrCapacityIsZero() {
        // When
        IllegalArgumentException blank = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> new BackchannelLogout(issuer.verifier(), sessions, " ", clock, 10));
        IllegalArgumentException zero = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> new BackchannelLogout(issuer.verifier(), sessions, "catalyst", clock, 0));

        // Then
        assertThat(blank).hasMessageContaining("clientId");
        assertThat(zero).hasMessageContaining("capacity");
    }
}
