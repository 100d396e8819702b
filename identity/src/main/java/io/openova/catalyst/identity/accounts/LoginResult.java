package io.openova.catalyst.identity.accounts;

import java.time.Duration;
import java.time.Instant;

/** What {@link LocalAccounts#login} and {@link LocalAccounts#changePassword} answer. */
public sealed interface LoginResult {

    /**
     * The password was right: a new session.
     *
     * @param mustChangePassword the user must set a new password before doing anything else (a generated or
     *     administrator-set password)
     */
    record Success(Session session, boolean mustChangePassword) implements LoginResult {}

    /** The login was refused. {@link #retryAfter()} is how long the client should wait before the next try. */
    sealed interface Failure extends LoginResult {
        Duration retryAfter();

        /**
         * Wrong username or wrong password: the same answer for both, so it does not tell which usernames exist.
         *
         * @param retryAfter grows with each failure in a row
         */
        record InvalidCredentials(Duration retryAfter) implements Failure {}

        /**
         * Too many failures in a row: every login is refused until {@code until}, even with the right password.
         *
         * @param retryAfter the time left until {@code until}
         */
        record LockedOut(Instant until, Duration retryAfter) implements Failure {}
    }
}
