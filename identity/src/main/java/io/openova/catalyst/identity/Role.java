package io.openova.catalyst.identity;

import java.util.Optional;

/**
 * What a user may do, as carried in the {@code roles} claim of an OIDC token or stored with a local account. A Sovereign
 * admin runs the whole installation; the other roles act inside the user's own Organization.
 */
public enum Role {
    /** Everything, in every Organization, including managing Organizations and the admin UI. */
    SOVEREIGN_ADMIN("sovereign-admin"),
    /** An Organization's Environments, audit log and members, on top of what a developer may do. */
    ORG_ADMIN("org-admin"),
    /** Installs, reconfigures, upgrades and uninstalls Applications, on top of what a viewer may do. */
    DEVELOPER("developer"),
    /** Reads the catalog, the Organization and its Environments. */
    VIEWER("viewer");

    private final String claimName;

    Role(String claimName) {
        this.claimName = claimName;
    }

    /** The name in a token's roles claim and in storage, such as {@code org-admin}. */
    public String claimName() {
        return claimName;
    }

    /**
     * The role named {@code claimName} in a roles claim, or empty for a name Catalyst does not know (identity providers
     * carry roles of other applications too: callers skip those rather than fail).
     */
    public static Optional<Role> fromClaim(String claimName) {
        for (Role role : values()) {
            if (role.claimName.equals(claimName)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
