package io.openova.catalyst.identity.accounts;

import io.openova.catalyst.identity.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A local user as {@link LocalAccounts} lists it: never its password hash.
 *
 * @param username the login name
 * @param organization the Organization the user belongs to; empty for a Sovereign admin of none
 * @param roles the user's roles
 * @param mustChangePassword the user's password was generated or set by an administrator and must be changed
 * @param createdAt when the user was created
 * @param lockedUntil until when logins are refused after too many failures, if they are now
 */
public record Account(
        String username,
        Optional<String> organization,
        Set<Role> roles,
        boolean mustChangePassword,
        Instant createdAt,
        Optional<Instant> lockedUntil) {
    public Account {
        roles = Set.copyOf(roles);
    }
}
