package io.openova.catalyst.identity.accounts;

import java.util.Objects;

/**
 * The settings of {@link LocalAccounts}.
 *
 * @param hashing the Argon2id cost of new password hashes; weaker stored hashes are upgraded at login
 * @param lockout how failed logins are slowed down and locked out
 * @param sessions how long sessions last
 */
public record AccountsConfig(HashParameters hashing, LockoutPolicy lockout, SessionPolicy sessions) {
    /** OWASP's Argon2id parameters, {@link LockoutPolicy#DEFAULT} and {@link SessionPolicy#DEFAULT}. */
    public static final AccountsConfig DEFAULT =
            new AccountsConfig(HashParameters.OWASP, LockoutPolicy.DEFAULT, SessionPolicy.DEFAULT);

    public AccountsConfig {
        Objects.requireNonNull(hashing, "hashing");
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(sessions, "sessions");
    }
}
