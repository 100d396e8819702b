package io.openova.catalyst.identity.accounts;

import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.identity.accounts.LoginResult.Failure;
import io.openova.catalyst.identity.accounts.LoginResult.Failure.InvalidCredentials;
import io.openova.catalyst.identity.accounts.LoginResult.Failure.LockedOut;
import io.openova.catalyst.identity.accounts.LoginResult.Success;
import io.openova.catalyst.identity.storage.H2Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded identity: Catalyst's own users, for when no OIDC issuer is configured. Users, their password hashes,
 * failed-login streaks and sessions live in an H2 database at {@code <dataDir>/accounts.mv.db}.
 *
 * <p>Passwords are stored as Argon2id hashes ({@link PasswordHasher}); a hash made with weaker parameters than the
 * configured ones is replaced at the next successful login. Session and CSRF tokens are handed out once, in the
 * {@link Session} of a login, and stored only as SHA-256 digests (the CSRF token sealed under the session token), so
 * the database file holds no password and no token in plain text. Neither passwords nor tokens appear in an
 * exception message, a log line or a {@code toString()}.
 *
 * <p>Logins are slowed down and locked out by the {@link LockoutPolicy}; unknown usernames are answered exactly as
 * known ones with a wrong password (the same failure, the same growing wait, the same lockout, and a password hash
 * computed all the same), so neither the answers nor their timing tell which usernames exist.
 *
 * <p>Open one instance per data directory and share it: it is thread-safe, and it serializes its own writes. Bad
 * input is an {@link IllegalArgumentException} whose message starts with the field ({@code password: ...}); a change
 * that would leave the Sovereign without an administrator is an {@link IllegalStateException}; storage failures are
 * {@link AccountsException}s.
 */
public final class LocalAccounts implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(LocalAccounts.class);

    static final String DATABASE_NAME = "accounts";
    /**
     * How stale a session's last use may be before a request writes it again: the idle timeout is counted from a
     * last use up to this much earlier, and most requests need no write at all.
     */
    static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(15);

    static final String DATABASE_FILE = DATABASE_NAME + ".mv.db";
    /** The user {@link #bootstrap()} creates. */
    public static final String BOOTSTRAP_USERNAME = "admin";

    private static final int BOOTSTRAP_PASSWORD_BYTES = 24;
    private static final List<String> SCHEMA = List.of(
            """
            CREATE TABLE IF NOT EXISTS account (
              username VARCHAR(%d) PRIMARY KEY,
              organization VARCHAR(%d),
              roles VARCHAR(200) NOT NULL,
              password_hash VARCHAR(400) NOT NULL,
              must_change_password BOOLEAN NOT NULL,
              created TIMESTAMP(9) WITH TIME ZONE NOT NULL,
              password_changed TIMESTAMP(9) WITH TIME ZONE NOT NULL
            )""".formatted(Credentials.MAX_USERNAME_LENGTH, Names.MAX_LENGTH),
            """
            CREATE TABLE IF NOT EXISTS login_failure (
              username VARCHAR(%d) PRIMARY KEY,
              failures INT NOT NULL,
              last_failure TIMESTAMP(9) WITH TIME ZONE NOT NULL,
              locked_until TIMESTAMP(9) WITH TIME ZONE
            )""".formatted(Credentials.MAX_USERNAME_LENGTH),
            """
            CREATE TABLE IF NOT EXISTS account_session (
              token_digest BINARY(%d) PRIMARY KEY,
              username VARCHAR(%d) NOT NULL REFERENCES account (username) ON DELETE CASCADE,
              csrf_sealed BINARY(%d) NOT NULL,
              created TIMESTAMP(9) WITH TIME ZONE NOT NULL,
              last_used TIMESTAMP(9) WITH TIME ZONE NOT NULL,
              expires_at TIMESTAMP(9) WITH TIME ZONE NOT NULL
            )""".formatted(Tokens.BYTES, Credentials.MAX_USERNAME_LENGTH, Tokens.BYTES),
            "CREATE INDEX IF NOT EXISTS account_session_username ON account_session (username)");
    private static final String ACCOUNT_COLUMNS =
            "a.username, a.organization, a.roles, a.must_change_password, a.created, f.locked_until";

    private final Path dataDir;
    private final Clock clock;
    private final SecureRandom random;
    private final AccountsConfig config;
    private final PasswordHasher hasher;
    /** Verified against for unknown usernames, so they cost the same time as known ones. */
    private final String dummyHash;

    /** Writes run one at a time; reads see each write whole or not at all. Other processes: H2's file lock. */
    private final H2Store store;

    /**
     * Opens the accounts in {@code dataDir}, creating the directory and the database on first start.
     *
     * @param clock the time for sessions, lockouts and timestamps
     * @param random the source of salts, tokens and generated passwords
     * @throws AccountsException if the database cannot be opened or created
     */
    public LocalAccounts(Path dataDir, Clock clock, SecureRandom random, AccountsConfig config) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        if (this.dataDir.toString().contains(";")) {
            throw new IllegalArgumentException("accounts directory must not contain ';': " + this.dataDir);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.config = Objects.requireNonNull(config, "config");
        this.hasher = new PasswordHasher(config.hashing(), random);
        this.dummyHash = hasher.hash(Tokens.encode(Tokens.random(random)));
        try {
            Files.createDirectories(this.dataDir);
        } catch (IOException e) {
            throw new AccountsException("cannot create the accounts directory " + this.dataDir, e);
        }
        this.store = new H2Store(
                jdbcUrl(this.dataDir),
                SCHEMA,
                "the accounts database in " + this.dataDir,
                "the local accounts are closed",
                AccountsException::new);
        LOGGER.debug("Local accounts opened dataDir={}", this.dataDir);
    }

    /** Opens the accounts in {@code dataDir} with {@link AccountsConfig#DEFAULT}, the UTC system clock. */
    public static LocalAccounts open(Path dataDir) {
        return new LocalAccounts(dataDir, Clock.systemUTC(), new SecureRandom(), AccountsConfig.DEFAULT);
    }

    /** {@code WRITE_DELAY=0}: a session or a lockout is in the file before the call that made it returns. */
    static String jdbcUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve(DATABASE_NAME)
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /**
     * On the very first start, when there is no user at all, creates {@value #BOOTSTRAP_USERNAME} as a
     * {@link Role#SOVEREIGN_ADMIN} of no Organization, with a generated one-time password it must change at first
     * login, and returns that password: the only time it can be seen. Empty whenever a user exists.
     */
    public Optional<String> bootstrap() {
        String password = generatePassword();
        String hash = hasher.hash(password);
        Instant now = clock.instant();
        return store.write("bootstrap the first user", connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM account")) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    return Optional.empty();
                }
            }
            insertAccount(
                    connection, BOOTSTRAP_USERNAME, Optional.empty(), Set.of(Role.SOVEREIGN_ADMIN), hash, true, now);
            LOGGER.info(
                    "Created the first user username={} role={}: it must change its one-time password at first login",
                    BOOTSTRAP_USERNAME,
                    Role.SOVEREIGN_ADMIN.claimName());
            return Optional.of(password);
        });
    }

    /**
     * Creates a user with {@code initialPassword}, which the user must change at first login.
     *
     * @param organization required unless {@code roles} holds {@link Role#SOVEREIGN_ADMIN}
     * @throws IllegalArgumentException naming the field, if the username is malformed or taken, the organization is
     *     malformed or missing, or the password breaks the policy of {@link Credentials#requirePassword}
     */
    public Account createUser(String username, Optional<String> organization, Set<Role> roles, String initialPassword) {
        Credentials.requireUsername(username);
        requireMembership(organization, roles);
        Credentials.requirePassword("password", initialPassword, username);
        String hash = hasher.hash(initialPassword);
        Instant now = clock.instant();
        return store.write("create user '" + username + "'", connection -> {
            if (find(connection, username, now).isPresent()) {
                throw new IllegalArgumentException("username: '" + username + "' is already taken");
            }
            insertAccount(connection, username, organization, roles, hash, true, now);
            LOGGER.info(
                    "Created user username={} org={} roles={}", username, organization.orElse("-"), claimNames(roles));
            return find(connection, username, now).orElseThrow();
        });
    }

    /**
     * Deletes a user and ends their sessions. False if there is no such user.
     *
     * @throws IllegalStateException if the user is the last {@link Role#SOVEREIGN_ADMIN}
     */
    public boolean deleteUser(String username) {
        if (!Credentials.isUsername(username)) {
            return false;
        }
        Instant now = clock.instant();
        return store.write("delete user '" + username + "'", connection -> {
            Optional<Account> account = find(connection, username, now);
            if (account.isEmpty()) {
                return false;
            }
            if (account.get().roles().contains(Role.SOVEREIGN_ADMIN) && sovereignAdmins(connection) == 1) {
                throw new IllegalStateException("username: '" + username
                        + "' is the last sovereign-admin; make another user sovereign-admin first");
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM account WHERE username = ?")) {
                delete.setString(1, username);
                delete.executeUpdate();
            }
            LOGGER.info("Deleted user username={}", username);
            return true;
        });
    }

    /**
     * Replaces a user's roles; they apply to the user's next request, sessions included. False if there is no such
     * user.
     *
     * @throws IllegalArgumentException if the user belongs to no Organization and {@code roles} lacks
     *     {@link Role#SOVEREIGN_ADMIN}
     * @throws IllegalStateException if that would take the role from the last {@link Role#SOVEREIGN_ADMIN}
     */
    public boolean setRoles(String username, Set<Role> roles) {
        Objects.requireNonNull(roles, "roles");
        if (!Credentials.isUsername(username)) {
            return false;
        }
        Instant now = clock.instant();
        return store.write("set the roles of user '" + username + "'", connection -> {
            Optional<Account> account = find(connection, username, now);
            if (account.isEmpty()) {
                return false;
            }
            requireMembership(account.get().organization(), roles);
            if (account.get().roles().contains(Role.SOVEREIGN_ADMIN)
                    && !roles.contains(Role.SOVEREIGN_ADMIN)
                    && sovereignAdmins(connection) == 1) {
                throw new IllegalStateException("roles: '" + username
                        + "' is the last sovereign-admin and must keep that role; make another user sovereign-admin"
                        + " first");
            }
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE account SET roles = ? WHERE username = ?")) {
                update.setString(1, claimNames(roles));
                update.setString(2, username);
                update.executeUpdate();
            }
            LOGGER.info("Set roles username={} roles={}", username, claimNames(roles));
            return true;
        });
    }

    /** The users of {@code organization}, or every user when it is empty, sorted by username. */
    public List<Account> listUsers(Optional<String> organization) {
        Objects.requireNonNull(organization, "organization");
        Instant now = clock.instant();
        return store.read("list users", connection -> {
            String where = organization.isPresent() ? " WHERE a.organization = ?" : "";
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ACCOUNT_COLUMNS
                    + " FROM account a LEFT JOIN login_failure f ON f.username = a.username" + where
                    + " ORDER BY a.username")) {
                if (organization.isPresent()) {
                    select.setString(1, organization.get());
                }
                List<Account> accounts = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        accounts.add(account(rows, now));
                    }
                }
                return List.copyOf(accounts);
            }
        });
    }

    /** The user {@code username}, if there is one. */
    public Optional<Account> findUser(String username) {
        if (!Credentials.isUsername(username)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.read("read user '" + username + "'", connection -> find(connection, username, now));
    }

    /**
     * Checks a password and, if it is right, starts a session. Refused with {@link InvalidCredentials} for a wrong
     * password or an unknown user alike, and with {@link LockedOut}, whatever the password, while the username is
     * locked after too many failures.
     */
    public LoginResult login(String username, String password) {
        Instant now = clock.instant();
        return switch (check(username, password, now)) {
            case Check.Refused refused -> refused.failure();
            case Check.Passed passed -> {
                Optional<String> upgraded =
                        hasher.needsRehash(passed.hash()) ? Optional.of(hasher.hash(password)) : Optional.empty();
                yield afterPassing(username, passed, now, "log in user '" + username + "'", connection -> {
                    if (upgraded.isPresent()) {
                        updatePassword(connection, username, upgraded.get(), passed.mustChangePassword(), now);
                        LOGGER.info(
                                "Rehashed password with stronger parameters username={} parameters={}",
                                username,
                                hasher.parameters());
                    }
                    return new Success(createSession(connection, username, now), passed.mustChangePassword());
                });
            }
        };
    }

    /**
     * The caller a session token stands for, if the session is still valid; each call counts as a use, which starts
     * the idle timeout again. Empty for an unknown, expired or malformed token.
     */
    public Optional<Caller> authenticate(String sessionToken) {
        Optional<byte[]> token = Tokens.decode(sessionToken);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Tokens.sessionDigest(token.get());
        Instant now = clock.instant();
        // A read, without the write lock: only an expired session, or a last use older than the granularity, writes.
        Optional<LiveSession> session = store.read("authenticate a session", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT s.last_used, s.expires_at, a.username, a.organization, a.roles FROM account_session s"
                            + " JOIN account a ON a.username = s.username WHERE s.token_digest = ?")) {
                select.setBytes(1, digest);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    String username = rows.getString(3);
                    return Optional.of(new LiveSession(
                            instant(rows, 1),
                            instant(rows, 2),
                            new Caller(
                                    username,
                                    Optional.ofNullable(rows.getString(4)),
                                    roles(rows.getString(5)),
                                    username)));
                }
            }
        });
        if (session.isEmpty()) {
            return Optional.empty();
        }
        if (expired(session.get().lastUsed(), session.get().expiresAt(), now)) {
            store.write("end an expired session", connection -> {
                deleteSession(connection, digest);
                return null;
            });
            return Optional.empty();
        }
        if (Duration.between(session.get().lastUsed(), now).compareTo(TOUCH_GRANULARITY) >= 0) {
            int touched = store.write("record the use of a session", connection -> {
                try (PreparedStatement touch = connection.prepareStatement(
                        "UPDATE account_session SET last_used = ? WHERE token_digest = ?")) {
                    touch.setObject(1, timestamp(now));
                    touch.setBytes(2, digest);
                    return touch.executeUpdate();
                }
            });
            if (touched == 0) {
                return Optional.empty();
            }
        }
        return Optional.of(session.get().caller());
    }

    /** A session as {@link #authenticate} reads it. */
    private record LiveSession(Instant lastUsed, Instant expiresAt, Caller caller) {}

    /** The CSRF token of a valid session, without counting as a use of it. Empty for an invalid session. */
    public Optional<String> csrfToken(String sessionToken) {
        Optional<byte[]> token = Tokens.decode(sessionToken);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.read("read a session's CSRF token", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT last_used, expires_at, csrf_sealed FROM account_session WHERE token_digest = ?")) {
                select.setBytes(1, Tokens.sessionDigest(token.get()));
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next() || expired(instant(rows, 1), instant(rows, 2), now)) {
                        return Optional.empty();
                    }
                    byte[] csrf = Tokens.sealCsrf(token.get(), rows.getBytes(3));
                    try {
                        return Optional.of(Tokens.encode(csrf));
                    } finally {
                        Arrays.fill(csrf, (byte) 0);
                    }
                }
            }
        });
    }

    /**
     * Whether {@code presented} is the CSRF token of the valid session {@code sessionToken}, compared in constant
     * time. False for an invalid session or a missing token.
     */
    public boolean verifyCsrf(String sessionToken, String presented) {
        if (presented == null) {
            return false;
        }
        return csrfToken(sessionToken)
                .map(expected -> MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII)))
                .orElse(false);
    }

    /** Ends the session {@code sessionToken}; does nothing if there is none. */
    public void logout(String sessionToken) {
        Optional<byte[]> token = Tokens.decode(sessionToken);
        if (token.isEmpty()) {
            return;
        }
        byte[] digest = Tokens.sessionDigest(token.get());
        store.write("end a session", connection -> {
            deleteSession(connection, digest);
            return null;
        });
    }

    /** Ends every session of {@code username}; answers how many there were. */
    public int logoutAll(String username) {
        if (!Credentials.isUsername(username)) {
            return 0;
        }
        int ended = store.write(
                "end the sessions of user '" + username + "'", connection -> endSessions(connection, username));
        LOGGER.info("Ended all sessions username={} sessions={}", username, ended);
        return ended;
    }

    /**
     * Sets a new password after checking the current one, clears the must-change flag, ends every session of the
     * user and starts a new one: the caller replaces its session cookie with the new {@link Session}. A wrong current
     * password is refused like a failed login and counts towards the lockout.
     *
     * @throws IllegalArgumentException if {@code newPassword} breaks the policy or equals the current password
     *     ({@code newPassword: ...})
     */
    public LoginResult changePassword(String username, String oldPassword, String newPassword) {
        Objects.requireNonNull(username, "username");
        Credentials.requirePassword("newPassword", newPassword, username);
        Instant now = clock.instant();
        return switch (check(username, oldPassword, now)) {
            case Check.Refused refused -> refused.failure();
            case Check.Passed passed -> {
                if (hasher.verify(newPassword, passed.hash())) {
                    throw new IllegalArgumentException("newPassword: must differ from the current password");
                }
                String hash = hasher.hash(newPassword);
                yield afterPassing(username, passed, now, "change the password of user '" + username + "'", c -> {
                    updatePassword(c, username, hash, false, now);
                    int ended = endSessions(c, username);
                    LOGGER.info("Changed password username={} endedSessions={}", username, ended);
                    return new Success(createSession(c, username, now), false);
                });
            }
        };
    }

    /**
     * Sets a user's password as an administrator: no current password needed; the user must change it at next login,
     * every session of the user ends and a lockout is lifted. False if there is no such user.
     *
     * @throws IllegalArgumentException if {@code newPassword} breaks the policy ({@code password: ...})
     */
    public boolean resetPassword(String username, String newPassword) {
        if (!Credentials.isUsername(username)) {
            return false;
        }
        Credentials.requirePassword("password", newPassword, username);
        String hash = hasher.hash(newPassword);
        Instant now = clock.instant();
        return store.write("reset the password of user '" + username + "'", connection -> {
            if (updatePassword(connection, username, hash, true, now) == 0) {
                return false;
            }
            endSessions(connection, username);
            clearFailures(connection, username);
            LOGGER.info("Reset password username={}", username);
            return true;
        });
    }

    /** Closes the database; the accounts cannot be used afterwards. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "LocalAccounts[dataDir=" + dataDir + "]";
    }

    /** The hasher in use, for tests that count hash computations. */
    PasswordHasher hasher() {
        return hasher;
    }

    // --- logins and lockout ---

    /** The outcome of checking a password: passed, with what was checked, or refused with the failure to answer. */
    private sealed interface Check {
        record Passed(String hash, boolean mustChangePassword) implements Check {}

        record Refused(Failure failure) implements Check {}
    }

    private record Stored(String hash, boolean mustChangePassword) {}

    /** What a failure streak means at a given time. */
    private record Streak(int failures, Optional<Instant> lockedUntil) {
        static final Streak NONE = new Streak(0, Optional.empty());
    }

    /**
     * Checks {@code password} for {@code username}, counting a failure. A password hash is computed whether the user
     * exists or not; a locked username is refused before any.
     */
    private Check check(String username, String password, Instant now) {
        if (!Credentials.isUsername(username) || password == null || Credentials.isOverlong(password)) {
            hasher.verify("", dummyHash);
            return new Check.Refused(new InvalidCredentials(config.lockout().retryAfter(1)));
        }
        record Read(Optional<Stored> stored, Streak streak) {}
        Read read = store.read(
                "read user '" + username + "'",
                connection -> new Read(stored(connection, username), streak(connection, username, now)));
        if (read.streak().lockedUntil().isPresent()) {
            return new Check.Refused(lockedOut(read.streak().lockedUntil().get(), now));
        }
        if (read.stored().isEmpty()) {
            hasher.verify(password, dummyHash);
            return new Check.Refused(recordFailure(username, now));
        }
        Stored stored = read.stored().get();
        if (!hasher.verify(password, stored.hash())) {
            return new Check.Refused(recordFailure(username, now));
        }
        return new Check.Passed(stored.hash(), stored.mustChangePassword());
    }

    /**
     * Runs {@code work} once a password has passed, in one write, unless the username was locked or the password
     * changed in the meantime.
     */
    private LoginResult afterPassing(
            String username, Check.Passed passed, Instant now, String what, H2Store.Work<LoginResult> work) {
        return store.write(what, connection -> {
            Streak streak = streak(connection, username, now);
            if (streak.lockedUntil().isPresent()) {
                return lockedOut(streak.lockedUntil().get(), now);
            }
            Optional<Stored> current = stored(connection, username);
            if (current.isEmpty() || !current.get().hash().equals(passed.hash())) {
                return new InvalidCredentials(config.lockout().retryAfter(1));
            }
            clearFailures(connection, username);
            return work.run(connection);
        });
    }

    private Failure recordFailure(String username, Instant now) {
        LockoutPolicy lockout = config.lockout();
        return store.write("record a failed login of '" + username + "'", connection -> {
            Streak streak = streak(connection, username, now);
            if (streak.lockedUntil().isPresent()) {
                return lockedOut(streak.lockedUntil().get(), now);
            }
            int failures = streak.failures() + 1;
            Optional<Instant> lockedUntil = failures >= lockout.maxFailures()
                    ? Optional.of(now.plus(lockout.lockDuration()))
                    : Optional.empty();
            try (PreparedStatement merge = connection.prepareStatement(
                            "MERGE INTO login_failure (username, failures, last_failure, locked_until) KEY (username)"
                                    + " VALUES (?, ?, ?, ?)");
                    PreparedStatement prune =
                            connection.prepareStatement("DELETE FROM login_failure WHERE last_failure <= ?")) {
                merge.setString(1, username);
                merge.setInt(2, failures);
                merge.setObject(3, timestamp(now));
                merge.setObject(4, lockedUntil.map(LocalAccounts::timestamp).orElse(null));
                merge.executeUpdate();
                prune.setObject(1, timestamp(now.minus(lockout.lockDuration())));
                prune.executeUpdate();
            }
            if (lockedUntil.isPresent()) {
                LOGGER.warn(
                        "Locked logins after failures username={} failures={} until={}",
                        username,
                        failures,
                        lockedUntil.get());
                return lockedOut(lockedUntil.get(), now);
            }
            return new InvalidCredentials(lockout.retryAfter(failures));
        });
    }

    private static LockedOut lockedOut(Instant until, Instant now) {
        return new LockedOut(until, Duration.between(now, until));
    }

    /**
     * The failure streak of {@code username} at {@code now}: a lock still running, or the failures since the last
     * success, forgotten {@link LockoutPolicy#lockDuration()} after the last of them (and so when a lock ends).
     */
    private Streak streak(Connection connection, String username, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT failures, last_failure, locked_until FROM login_failure WHERE username = ?")) {
            select.setString(1, username);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Streak.NONE;
                }
                Instant lastFailure = instant(rows, 2);
                Optional<Instant> lockedUntil = optionalInstant(rows, 3);
                if (lockedUntil.isPresent()) {
                    return now.isBefore(lockedUntil.get()) ? new Streak(rows.getInt(1), lockedUntil) : Streak.NONE;
                }
                return now.isBefore(lastFailure.plus(config.lockout().lockDuration()))
                        ? new Streak(rows.getInt(1), Optional.empty())
                        : Streak.NONE;
            }
        }
    }

    private static void clearFailures(Connection connection, String username) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM login_failure WHERE username = ?")) {
            delete.setString(1, username);
            delete.executeUpdate();
        }
    }

    // --- sessions ---

    private Session createSession(Connection connection, String username, Instant now) throws SQLException {
        byte[] token = Tokens.random(random);
        byte[] csrf = Tokens.random(random);
        Instant expiresAt = now.plus(config.sessions().absoluteTimeout());
        try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO account_session (token_digest, username, csrf_sealed, created, last_used,"
                                + " expires_at) VALUES (?, ?, ?, ?, ?, ?)");
                PreparedStatement prune = connection.prepareStatement(
                        "DELETE FROM account_session WHERE expires_at <= ? OR last_used <= ?")) {
            insert.setBytes(1, Tokens.sessionDigest(token));
            insert.setString(2, username);
            insert.setBytes(3, Tokens.sealCsrf(token, csrf));
            insert.setObject(4, timestamp(now));
            insert.setObject(5, timestamp(now));
            insert.setObject(6, timestamp(expiresAt));
            insert.executeUpdate();
            prune.setObject(1, timestamp(now));
            prune.setObject(2, timestamp(now.minus(config.sessions().idleTimeout())));
            prune.executeUpdate();
            return new Session(Tokens.encode(token), Tokens.encode(csrf), username, expiresAt);
        } finally {
            Arrays.fill(token, (byte) 0);
            Arrays.fill(csrf, (byte) 0);
        }
    }

    private boolean expired(Instant lastUsed, Instant expiresAt, Instant now) {
        return !now.isBefore(expiresAt)
                || !now.isBefore(lastUsed.plus(config.sessions().idleTimeout()));
    }

    private static void deleteSession(Connection connection, byte[] digest) throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("DELETE FROM account_session WHERE token_digest = ?")) {
            delete.setBytes(1, digest);
            delete.executeUpdate();
        }
    }

    private static int endSessions(Connection connection, String username) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM account_session WHERE username = ?")) {
            delete.setString(1, username);
            return delete.executeUpdate();
        }
    }

    // --- users ---

    private static void requireMembership(Optional<String> organization, Set<Role> roles) {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(roles, "roles");
        organization.ifPresent(org -> Names.require("organization:", org));
        if (organization.isEmpty() && !roles.contains(Role.SOVEREIGN_ADMIN)) {
            throw new IllegalArgumentException(
                    "organization: must be given unless the roles include " + Role.SOVEREIGN_ADMIN.claimName());
        }
    }

    private static void insertAccount(
            Connection connection,
            String username,
            Optional<String> organization,
            Set<Role> roles,
            String hash,
            boolean mustChangePassword,
            Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO account (username, organization, roles, password_hash, must_change_password, created,"
                        + " password_changed) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, username);
            insert.setString(2, organization.orElse(null));
            insert.setString(3, claimNames(roles));
            insert.setString(4, hash);
            insert.setBoolean(5, mustChangePassword);
            insert.setObject(6, timestamp(now));
            insert.setObject(7, timestamp(now));
            insert.executeUpdate();
        }
    }

    private static int updatePassword(
            Connection connection, String username, String hash, boolean mustChangePassword, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE account SET password_hash = ?,"
                + " must_change_password = ?, password_changed = ? WHERE username = ?")) {
            update.setString(1, hash);
            update.setBoolean(2, mustChangePassword);
            update.setObject(3, timestamp(now));
            update.setString(4, username);
            return update.executeUpdate();
        }
    }

    private static Optional<Stored> stored(Connection connection, String username) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT password_hash, must_change_password FROM account WHERE username = ?")) {
            select.setString(1, username);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new Stored(rows.getString(1), rows.getBoolean(2))) : Optional.empty();
            }
        }
    }

    private static Optional<Account> find(Connection connection, String username, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ACCOUNT_COLUMNS
                + " FROM account a LEFT JOIN login_failure f ON f.username = a.username WHERE a.username = ?")) {
            select.setString(1, username);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(account(rows, now)) : Optional.empty();
            }
        }
    }

    /** An {@link Account} from a row of {@link #ACCOUNT_COLUMNS}. */
    private static Account account(ResultSet rows, Instant now) throws SQLException {
        return new Account(
                rows.getString(1),
                Optional.ofNullable(rows.getString(2)),
                roles(rows.getString(3)),
                rows.getBoolean(4),
                instant(rows, 5),
                optionalInstant(rows, 6).filter(now::isBefore));
    }

    private static long sovereignAdmins(Connection connection) throws SQLException {
        long count = 0;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT roles FROM account")) {
            while (rows.next()) {
                if (roles(rows.getString(1)).contains(Role.SOVEREIGN_ADMIN)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Roles as stored: claim names in a fixed order, separated by ','. */
    private static String claimNames(Set<Role> roles) {
        return roles.isEmpty()
                ? ""
                : EnumSet.copyOf(roles).stream().map(Role::claimName).collect(Collectors.joining(","));
    }

    /** The stored roles; names this version does not know are skipped. */
    private static Set<Role> roles(String claimNames) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : claimNames.split(",")) {
            Role.fromClaim(name).ifPresent(roles::add);
        }
        return Set.copyOf(roles);
    }

    /** A URL-safe password of 32 characters from 24 random bytes, within the password policy. */
    private String generatePassword() {
        while (true) {
            byte[] bytes = new byte[BOOTSTRAP_PASSWORD_BYTES];
            random.nextBytes(bytes);
            String password = Tokens.encode(bytes);
            Arrays.fill(bytes, (byte) 0);
            try {
                return Credentials.requirePassword("password", password, BOOTSTRAP_USERNAME);
            } catch (IllegalArgumentException e) {
                LOGGER.debug("Generated password contained the username; drawing another");
            }
        }
    }

    // --- storage ---

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Optional<Instant> optionalInstant(ResultSet rows, int column) throws SQLException {
        return Optional.ofNullable(rows.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
