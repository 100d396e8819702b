package io.openova.catalyst.identity;

import io.openova.catalyst.api.environment.Names;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated user making a request: who (the token's subject or the local username), which Organization they
 * belong to, and their roles. A Sovereign admin may belong to no Organization. Unauthenticated requests are turned
 * away before a {@code Caller} exists.
 *
 * @param subject the stable identifier of the user, never blank
 * @param organization the user's Organization, a DNS-1123 label, or empty
 * @param roles the user's roles, possibly none; copied into an unmodifiable set
 * @param displayName what the console shows for the user; the subject when blank
 */
public record Caller(String subject, Optional<String> organization, Set<Role> roles, String displayName) {
    public Caller {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("subject: must not be blank");
        }
        Objects.requireNonNull(organization, "organization");
        organization.ifPresent(org -> Names.require("organization:", org));
        Objects.requireNonNull(roles, "roles");
        roles = Set.copyOf(roles);
        displayName = displayName == null || displayName.isBlank() ? subject : displayName;
    }

    /** Whether the caller holds {@code role}. */
    public boolean has(Role role) {
        return roles.contains(role);
    }
}
