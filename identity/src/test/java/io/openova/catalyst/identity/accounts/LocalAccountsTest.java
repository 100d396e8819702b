package io.openova.catalyst.identity.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.MutableClock;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.identity.accounts.LoginResult.Failure.InvalidCredentials;
import io.openova.catalyst.identity.accounts.LoginResult.Failure.LockedOut;
import io.openova.catalyst.identity.accounts.LoginResult.Success;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAccountsTest {
    private static final HashParameters CHEAP = new HashParameters(64, 1, 1);
    private static final AccountsConfig CONFIG =
            new AccountsConfig(CHEAP, LockoutPolicy.DEFAULT, SessionPolicy.DEFAULT);
    private static final String ALICE = "alice";
    private static final String PASSWORD = "Tr0ub4dor&3-horse";
    private static final String NEW_PASSWORD = "correct-horse-battery-staple";

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T09:00:00Z"));
    private final List<LocalAccounts> opened = new ArrayList<>();

    private LocalAccounts open() {
        return open(CONFIG);
    }

    private LocalAccounts open(AccountsConfig config) {
        LocalAccounts accounts = new LocalAccounts(dataDir, clock, new SecureRandom(), config);
        opened.add(accounts);
        return accounts;
    }

    @AfterEach
    void closeAccounts() {
        opened.forEach(LocalAccounts::close);
    }

    /** Accounts holding the bootstrap admin and {@value #ALICE}, a developer of acme whose password is set. */
    private LocalAccounts withAlice() {
        LocalAccounts accounts = open();
        accounts.bootstrap();
        accounts.createUser(ALICE, Optional.of("acme"), Set.of(Role.DEVELOPER), "initial-password-1");
        Success changed = (Success) accounts.changePassword(ALICE, "initial-password-1", PASSWORD);
        accounts.logout(changed.session().token());
        return accounts;
    }

    private static Session loggedIn(LocalAccounts accounts, String username, String password) {
        LoginResult result = accounts.login(username, password);
        assertThat(result).as("login of %s", username).isInstanceOf(Success.class);
        return ((Success) result).session();
    }

    private static void failLogins(LocalAccounts accounts, String username, int times) {
        for (int i = 0; i < times; i++) {
            accounts.login(username, "wrong-password-" + i);
        }
    }

    private String storedHash(String username) throws SQLException {
        try (Connection connection = DriverManager.getConnection(LocalAccounts.jdbcUrl(dataDir));
                PreparedStatement select =
                        connection.prepareStatement("SELECT password_hash FROM account WHERE username = ?")) {
            select.setString(1, username);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("a stored row for %s", username).isTrue();
                return rows.getString(1);
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // --- bootstrap ---

    @Test
    void shouldReturnTheOneTimePasswordOnlyOnceWhenBootstrapping() {
        // Given
        LocalAccounts accounts = open();

        // When
        Optional<String> first = accounts.bootstrap();
        Optional<String> second = accounts.bootstrap();

        // Then
        assertThat(first).hasValueSatisfying(password -> assertThat(password).matches("[A-Za-z0-9_-]{20,}"));
        assertThat(second).isEmpty();
        assertThat(accounts.listUsers(Optional.empty())).singleElement().satisfies(admin -> {
            assertThat(admin.username()).isEqualTo("admin");
            assertThat(admin.roles()).containsExactly(Role.SOVEREIGN_ADMIN);
            assertThat(admin.organization()).isEmpty();
            assertThat(admin.mustChangePassword()).isTrue();
        });
    }

    @Test
    void shouldNotBootstrapAgainWhenReopened() {
        // Given
        open().bootstrap();
        opened.getFirst().close();

        // When
        Optional<String> again = open().bootstrap();

        // Then
        assertThat(again).isEmpty();
    }

    @Test
    void shouldRequireAPasswordChangeWhenLoggingInWithTheBootstrapPassword() {
        // Given
        LocalAccounts accounts = open();
        String password = accounts.bootstrap().orElseThrow();

        // When
        LoginResult result = accounts.login("admin", password);

        // Then
        assertThat(result).isInstanceOfSatisfying(Success.class, success -> assertThat(success.mustChangePassword())
                .isTrue());
    }

    // --- login ---

    @Test
    void shouldStartASessionForTheUserWhenPasswordIsRight() {
        // Given
        LocalAccounts accounts = withAlice();

        // When
        LoginResult result = accounts.login(ALICE, PASSWORD);

        // Then
        assertThat(result).isInstanceOfSatisfying(Success.class, success -> {
            assertThat(success.mustChangePassword()).isFalse();
            assertThat(success.session().username()).isEqualTo(ALICE);
            assertThat(success.session().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(8)));
            assertThat(accounts.authenticate(success.session().token()))
                    .contains(new Caller(ALICE, Optional.of("acme"), Set.of(Role.DEVELOPER), ALICE));
        });
    }

    @Test
    void shouldRefuseWithInvalidCredentialsWhenPasswordIsWrong() {
        // Given
        LocalAccounts accounts = withAlice();

        // When
        LoginResult result = accounts.login(ALICE, "not-the-password");

        // Then
        assertThat(result).isEqualTo(new InvalidCredentials(Duration.ofSeconds(1)));
    }

    @Test
    void shouldAnswerAnUnknownUserExactlyAsAKnownUserWithAWrongPassword() {
        // Given
        LocalAccounts accounts = withAlice();
        List<LoginResult> known = new ArrayList<>();
        List<LoginResult> unknown = new ArrayList<>();

        // When
        for (int i = 0; i < 6; i++) {
            known.add(accounts.login(ALICE, "wrong-password"));
            unknown.add(accounts.login("mallory", "wrong-password"));
        }

        // Then
        assertThat(unknown).isEqualTo(known);
        assertThat(known.getLast()).isInstanceOf(LockedOut.class);
    }

    @Test
    void shouldComputeAPasswordHashWhenUserIsUnknown() {
        // Given
        LocalAccounts accounts = withAlice();
        long before = accounts.hasher().computations();

        // When
        accounts.login("mallory", "some-password");

        // Then
        assertThat(accounts.hasher().computations() - before).isEqualTo(1);
    }

    @Test
    void shouldSuggestLongerWaitsWhenFailuresRepeat() {
        // Given
        LocalAccounts accounts = withAlice();

        // When
        List<LoginResult> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(accounts.login(ALICE, "wrong-password"));
        }

        // Then
        assertThat(results)
                .containsExactly(
                        new InvalidCredentials(Duration.ofSeconds(1)),
                        new InvalidCredentials(Duration.ofSeconds(2)),
                        new InvalidCredentials(Duration.ofSeconds(4)),
                        new InvalidCredentials(Duration.ofSeconds(8)));
    }

    @Test
    void shouldLockOutForFifteenMinutesWhenTheFifthFailureInARowHappens() {
        // Given
        LocalAccounts accounts = withAlice();
        failLogins(accounts, ALICE, 4);

        // When
        LoginResult fifth = accounts.login(ALICE, "wrong-password");

        // Then
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        assertThat(fifth).isEqualTo(new LockedOut(until, Duration.ofMinutes(15)));
        assertThat(accounts.findUser(ALICE))
                .hasValueSatisfying(account -> assertThat(account.lockedUntil()).contains(until));
    }

    @Test
    void shouldRefuseTheRightPasswordWhenLockedOut() {
        // Given
        LocalAccounts accounts = withAlice();
        failLogins(accounts, ALICE, 5);
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(14));

        // When
        LoginResult result = accounts.login(ALICE, PASSWORD);

        // Then
        assertThat(result).isEqualTo(new LockedOut(until, Duration.ofMinutes(1)));
    }

    @Test
    void shouldLetTheUserInWhenFifteenMinutesOfLockoutHavePassed() {
        // Given
        LocalAccounts accounts = withAlice();
        failLogins(accounts, ALICE, 5);
        clock.advance(Duration.ofMinutes(15));

        // When
        LoginResult result = accounts.login(ALICE, PASSWORD);

        // Then
        assertThat(result).isInstanceOf(Success.class);
        assertThat(accounts.findUser(ALICE).orElseThrow().lockedUntil()).isEmpty();
    }

    @Test
    void shouldStartTheStreakAgainWhenLoginSucceeds() {
        // Given
        LocalAccounts accounts = withAlice();
        failLogins(accounts, ALICE, 4);
        loggedIn(accounts, ALICE, PASSWORD);
        failLogins(accounts, ALICE, 3);

        // When
        LoginResult result = accounts.login(ALICE, "wrong-password");

        // Then
        assertThat(result).isEqualTo(new InvalidCredentials(Duration.ofSeconds(8)));
    }

    @Test
    void shouldKeepTheLockoutWhenReopened() {
        // Given
        LocalAccounts accounts = withAlice();
        failLogins(accounts, ALICE, 5);
        accounts.close();

        // When
        LoginResult result = open().login(ALICE, PASSWORD);

        // Then
        assertThat(result).isInstanceOf(LockedOut.class);
    }

    // --- sessions ---

    @Test
    void shouldKeepTheSessionAliveWhenUsedWithinTheIdleTimeout() {
        // Given
        LocalAccounts accounts = withAlice();
        Session session = loggedIn(accounts, ALICE, PASSWORD);
        clock.advance(Duration.ofMinutes(29));
        accounts.authenticate(session.token());
        clock.advance(Duration.ofMinutes(29));

        // When
        Optional<Caller> caller = accounts.authenticate(session.token());

        // Then
        assertThat(caller).map(Caller::subject).contains(ALICE);
    }

    @Test
    void shouldNotWriteAUseThatFollowsTheLastRecordedOneWithinTheGranularity() {
        // Given: a use 10 s after login is within the granularity and not written
        LocalAccounts accounts = withAlice();
        Session session = loggedIn(accounts, ALICE, PASSWORD);
        clock.advance(Duration.ofSeconds(10));
        accounts.authenticate(session.token());
        clock.advance(Duration.ofMinutes(30).minusSeconds(5));

        // When: 30 min after the last recorded use (the login), 29 min 55 s after the unrecorded one
        Optional<Caller> caller = accounts.authenticate(session.token());

        // Then
        assertThat(LocalAccounts.TOUCH_GRANULARITY).isGreaterThan(Duration.ofSeconds(10));
        assertThat(caller).isEmpty();
    }

    @Test
    void shouldEndTheSessionWhenIdleForThirtyMinutes() {
        // Given
        LocalAccounts accounts = withAlice();
        Session session = loggedIn(accounts, ALICE, PASSWORD);
        clock.advance(Duration.ofMinutes(30));

        // When
        Optional<Caller> caller = accounts.authenticate(session.token());

        // Then
        assertThat(caller).isEmpty();
        assertThat(accounts.csrfToken(session.token())).isEmpty();
    }

    @Test
    void shouldEndTheSessionAfterEightHoursWhenUsedAllAlong() {
        // Given
        LocalAccounts accounts = withAlice();
        Session session = loggedIn(accounts, ALICE, PASSWORD);
        for (int i = 0; i < 23; i++) {
            clock.advance(Duration.ofMinutes(20));
            assertThat(accounts.authenticate(session.token())).as("use %d", i).isPresent();
        }
        clock.advance(Duration.ofMinutes(20));

        // When
        Optional<Caller> caller = accounts.authenticate(session.token());

        // Then
        assertThat(clock.instant()).isEqualTo(session.expiresAt());
        assertThat(caller).isEmpty();
    }

    @Test
    void shouldEndTheSessionWhenLoggedOut() {
        // Given
        LocalAccounts accounts = withAlice();
        Session session = loggedIn(accounts, ALICE, PASSWORD);
        Session other = loggedIn(accounts, ALICE, PASSWORD);

        // When
        accounts.logout(session.token());

        // Then
        assertThat(accounts.authenticate(session.token())).isEmpty();
        assertThat(accounts.authenticate(other.token())).isPresent();
    }

    @Test
    void shouldEndEverySessionOfTheUserWhenLoggedOutEverywhere() {
        // Given
        LocalAccounts accounts = withAlice();
        Session first = loggedIn(accounts, ALICE, PASSWORD);
        Session second = loggedIn(accounts, ALICE, PASSWORD);

        // When
        int ended = accounts.logoutAll(ALICE);

        // Then
        assertThat(ended).isEqualTo(2);
        assertThat(accounts.authenticate(first.token())).isEmpty();
        assertThat(accounts.authenticate(second.token())).isEmpty();
    }

    @Test
    void shouldFindNoCallerWhenTokenIsUnknownOrMalformed() {
        // Given
        LocalAccounts accounts = withAlice();
        loggedIn(accounts, ALICE, PASSWORD);
        String unknown = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

        // When
        Optional<Caller> caller = accounts.authenticate(unknown);

        // Then
        assertThat(caller).isEmpty();
        assertThat(accounts.authenticate("")).isEmpty();
        assertThat(accounts.authenticate(null)).isEmpty();
        assertThat(accounts.authenticate("not a token; DROP TABLE account")).isEmpty();
    }

    @Test
    void shouldAcceptOnlyTheSessionsOwnCsrfTokenWhenVerifying() {
        // Given
        LocalAccounts accounts = withAlice();
        Session session = loggedIn(accounts, ALICE, PASSWORD);
        Session other = loggedIn(accounts, ALICE, PASSWORD);

        // When
        boolean own = accounts.verifyCsrf(session.token(), session.csrfToken());

        // Then
        assertThat(own).isTrue();
        assertThat(session.csrfToken()).isNotEqualTo(session.token()).hasSize(43);
        assertThat(accounts.csrfToken(session.token())).contains(session.csrfToken());
        assertThat(accounts.verifyCsrf(session.token(), other.csrfToken())).isFalse();
        assertThat(accounts.verifyCsrf(session.token(), session.token())).isFalse();
        assertThat(accounts.verifyCsrf(session.token(), null)).isFalse();
        assertThat(accounts.verifyCsrf(other.csrfToken(), other.csrfToken())).isFalse();
    }

    @Test
    void shouldNotPrintTokensWhenSessionOrLoginResultIsPrinted() {
        // Given
        LocalAccounts accounts = withAlice();
        LoginResult result = accounts.login(ALICE, PASSWORD);
        Session session = ((Success) result).session();

        // When
        String printed = result.toString();

        // Then
        assertThat(printed).contains(ALICE).doesNotContain(session.token()).doesNotContain(session.csrfToken());
    }

    // --- passwords ---

    @Test
    void shouldRefuseThePasswordChangeWhenTheCurrentPasswordIsWrong() {
        // Given
        LocalAccounts accounts = withAlice();

        // When
        LoginResult result = accounts.changePassword(ALICE, "not-the-password", NEW_PASSWORD);

        // Then
        assertThat(result).isEqualTo(new InvalidCredentials(Duration.ofSeconds(1)));
        assertThat(accounts.login(ALICE, PASSWORD)).isInstanceOf(Success.class);
    }

    @Test
    void shouldRejectTheNewPasswordNamingTheFieldWhenItIsTooShort() {
        // Given
        LocalAccounts accounts = withAlice();

        // When
        Throwable thrown = catchThrowable(() -> accounts.changePassword(ALICE, PASSWORD, "short-pw"));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newPassword: must be at least 12 characters, got 8");
        assertThat(accounts.login(ALICE, PASSWORD)).isInstanceOf(Success.class);
    }

    @Test
    void shouldEndTheOtherSessionsAndStartANewOneWhenPasswordIsChanged() {
        // Given
        LocalAccounts accounts = withAlice();
        Session current = loggedIn(accounts, ALICE, PASSWORD);
        Session elsewhere = loggedIn(accounts, ALICE, PASSWORD);

        // When
        LoginResult result = accounts.changePassword(ALICE, PASSWORD, NEW_PASSWORD);

        // Then
        assertThat(result).isInstanceOfSatisfying(Success.class, success -> {
            assertThat(success.mustChangePassword()).isFalse();
            assertThat(accounts.authenticate(success.session().token())).isPresent();
        });
        assertThat(accounts.authenticate(current.token())).isEmpty();
        assertThat(accounts.authenticate(elsewhere.token())).isEmpty();
        assertThat(accounts.login(ALICE, PASSWORD)).isInstanceOf(InvalidCredentials.class);
        assertThat(accounts.login(ALICE, NEW_PASSWORD)).isInstanceOf(Success.class);
    }

    @Test
    void shouldClearTheMustChangeFlagWhenTheBootstrapPasswordIsChanged() {
        // Given
        LocalAccounts accounts = open();
        String oneTime = accounts.bootstrap().orElseThrow();

        // When
        accounts.changePassword("admin", oneTime, NEW_PASSWORD);

        // Then
        assertThat(accounts.findUser("admin").orElseThrow().mustChangePassword())
                .isFalse();
        assertThat(accounts.login("admin", NEW_PASSWORD))
                .isInstanceOfSatisfying(Success.class, success -> assertThat(success.mustChangePassword())
                        .isFalse());
    }

    @Test
    void shouldRejectTheNewPasswordWhenItIsTheCurrentOne() {
        // Given
        LocalAccounts accounts = withAlice();

        // When
        Throwable thrown = catchThrowable(() -> accounts.changePassword(ALICE, PASSWORD, PASSWORD));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newPassword: must differ from the current password");
    }

    @Test
    void shouldRequireAChangeAndEndSessionsWhenAnAdministratorResetsThePassword() {
        // Given
        LocalAccounts accounts = withAlice();
        Session session = loggedIn(accounts, ALICE, PASSWORD);

        // When
        boolean reset = accounts.resetPassword(ALICE, NEW_PASSWORD);

        // Then
        assertThat(reset).isTrue();
        assertThat(accounts.authenticate(session.token())).isEmpty();
        assertThat(accounts.login(ALICE, NEW_PASSWORD))
                .isInstanceOfSatisfying(Success.class, success -> assertThat(success.mustChangePassword())
                        .isTrue());
    }

    @Test
    void shouldRehashWithTheConfiguredParametersWhenStoredOnesAreWeaker() throws Exception {
        // Given
        withAlice().close();
        assertThat(storedHash(ALICE)).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        LocalAccounts stronger =
                open(new AccountsConfig(new HashParameters(128, 2, 1), LockoutPolicy.DEFAULT, SessionPolicy.DEFAULT));

        // When
        LoginResult result = stronger.login(ALICE, PASSWORD);

        // Then
        assertThat(result).isInstanceOf(Success.class);
        assertThat(storedHash(ALICE)).startsWith("$argon2id$v=19$m=128,t=2,p=1$");
        assertThat(stronger.login(ALICE, PASSWORD)).isInstanceOf(Success.class);
    }

    // --- users ---

    @Test
    void shouldReturnTheRolesAsStoredWhenUsersAreListed() {
        // Given
        LocalAccounts accounts = withAlice();
        accounts.createUser("bob", Optional.of("acme"), Set.of(Role.VIEWER, Role.ORG_ADMIN), "viewer-pass-2026");
        accounts.createUser("carol", Optional.of("globex"), Set.of(Role.VIEWER), "viewer-pass-2027");

        // When
        List<Account> acme = accounts.listUsers(Optional.of("acme"));

        // Then
        assertThat(acme).extracting(Account::username).containsExactly(ALICE, "bob");
        assertThat(acme.get(1).roles()).containsExactlyInAnyOrder(Role.VIEWER, Role.ORG_ADMIN);
        assertThat(acme.get(1).mustChangePassword()).isTrue();
        assertThat(accounts.listUsers(Optional.empty()))
                .extracting(Account::username)
                .containsExactly("admin", ALICE, "bob", "carol");
    }

    @Test
    void shouldApplyNewRolesToExistingSessionsWhenRolesAreSet() {
        // Given
        LocalAccounts accounts = withAlice();
        Session session = loggedIn(accounts, ALICE, PASSWORD);

        // When
        boolean set = accounts.setRoles(ALICE, Set.of(Role.ORG_ADMIN, Role.VIEWER));

        // Then
        assertThat(set).isTrue();
        assertThat(accounts.authenticate(session.token())).hasValueSatisfying(caller -> assertThat(caller.roles())
                .containsExactlyInAnyOrder(Role.ORG_ADMIN, Role.VIEWER));
        assertThat(accounts.setRoles("nobody", Set.of(Role.VIEWER))).isFalse();
    }

    @Test
    void shouldRejectTheUserNamingTheFieldWhenUsernameIsTaken() {
        // Given
        LocalAccounts accounts = withAlice();

        // When
        Throwable thrown = catchThrowable(
                () -> accounts.createUser(ALICE, Optional.of("acme"), Set.of(Role.VIEWER), "another-password-1"));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("username: 'alice' is already taken");
    }

    @Test
    void shouldRejectTheUserNamingTheFieldWhenInitialPasswordIsTooShort() {
        // Given
        LocalAccounts accounts = open();

        // When
        Throwable thrown = catchThrowable(
                () -> accounts.createUser("dave", Optional.of("acme"), Set.of(Role.VIEWER), "too-short"));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password: must be at least 12 characters, got 9");
        assertThat(accounts.findUser("dave")).isEmpty();
    }

    @Test
    void shouldRejectTheUserWhenItHasNoOrganizationAndIsNoSovereignAdmin() {
        // Given
        LocalAccounts accounts = open();

        // When
        Throwable thrown = catchThrowable(
                () -> accounts.createUser("dave", Optional.empty(), Set.of(Role.ORG_ADMIN), "org-admin-pass-1"));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("organization: must be given unless the roles include sovereign-admin");
    }

    @Test
    void shouldEndTheSessionsWhenTheUserIsDeleted() {
        // Given
        LocalAccounts accounts = withAlice();
        Session session = loggedIn(accounts, ALICE, PASSWORD);

        // When
        boolean deleted = accounts.deleteUser(ALICE);

        // Then
        assertThat(deleted).isTrue();
        assertThat(accounts.authenticate(session.token())).isEmpty();
        assertThat(accounts.findUser(ALICE)).isEmpty();
        assertThat(accounts.deleteUser(ALICE)).isFalse();
    }

    @Test
    void shouldRefuseToDeleteTheLastSovereignAdmin() {
        // Given
        LocalAccounts accounts = withAlice();

        // When
        Throwable thrown = catchThrowable(() -> accounts.deleteUser("admin"));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("username: 'admin' is the last sovereign-admin; make another user sovereign-admin first");
        assertThat(accounts.findUser("admin")).isPresent();
    }

    @Test
    void shouldRefuseToTakeTheRoleFromTheLastSovereignAdmin() {
        // Given
        LocalAccounts accounts = withAlice();
        accounts.createUser("root", Optional.of("acme"), Set.of(Role.SOVEREIGN_ADMIN), "second-admin-pw");
        accounts.deleteUser("admin");

        // When
        Throwable thrown = catchThrowable(() -> accounts.setRoles("root", Set.of(Role.ORG_ADMIN)));

        // Then
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("last sovereign-admin");
        assertThat(accounts.findUser("root").orElseThrow().roles()).containsExactly(Role.SOVEREIGN_ADMIN);
    }

    @Test
    void shouldRejectRolesWithoutSovereignAdminWhenTheUserHasNoOrganization() {
        // Given
        LocalAccounts accounts = withAlice();
        accounts.createUser("root", Optional.empty(), Set.of(Role.SOVEREIGN_ADMIN), "second-admin-pw");

        // When
        Throwable thrown = catchThrowable(() -> accounts.setRoles("root", Set.of(Role.VIEWER)));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("organization: must be given unless the roles include sovereign-admin");
    }

    @Test
    void shouldLetASovereignAdminBeDeletedWhenAnotherRemains() {
        // Given
        LocalAccounts accounts = withAlice();
        accounts.createUser("root2", Optional.empty(), Set.of(Role.SOVEREIGN_ADMIN), "second-admin-pw");

        // When
        boolean deleted = accounts.deleteUser("admin");

        // Then
        assertThat(deleted).isTrue();
    }

    // --- storage ---

    @Test
    void shouldKeepUsersAndSessionsButNoPlainSecretWhenReopened() throws Exception {
        // Given
        LocalAccounts first = open();
        String oneTime = first.bootstrap().orElseThrow();
        first.createUser(ALICE, Optional.of("acme"), Set.of(Role.DEVELOPER), PASSWORD);
        Session session = loggedIn(first, ALICE, PASSWORD);
        first.close();

        // When
        LocalAccounts reopened = open();

        // Then
        assertThat(reopened.authenticate(session.token())).map(Caller::subject).contains(ALICE);
        assertThat(reopened.verifyCsrf(session.token(), session.csrfToken())).isTrue();
        assertThat(reopened.login(ALICE, PASSWORD)).isInstanceOf(Success.class);
        reopened.close();
        byte[] database = Files.readAllBytes(dataDir.resolve(LocalAccounts.DATABASE_FILE));
        assertThat(contains(database, "$argon2id$".getBytes(StandardCharsets.US_ASCII)))
                .as("the scan sees plain text (hashes are stored as text)")
                .isTrue();
        for (String secret : List.of(PASSWORD, oneTime, session.token(), session.csrfToken())) {
            assertThat(contains(database, secret.getBytes(StandardCharsets.UTF_8)))
                    .as("a password or token is in the database file in plain text")
                    .isFalse();
        }
        assertThat(contains(database, Base64.getUrlDecoder().decode(session.token())))
                .as("the raw session token bytes are in the database file")
                .isFalse();
    }

    @Test
    void shouldRejectUseWhenClosed() {
        // Given
        LocalAccounts accounts = open();
        accounts.close();

        // When
        Throwable thrown = catchThrowable(() -> accounts.login(ALICE, PASSWORD));

        // Then
        assertThat(thrown)
                .isInstanceOf(AccountsException.class)
                .hasMessageContaining("the local accounts are closed")
                .hasMessageNotContaining(PASSWORD);
    }
}
