package io.openova.catalyst.identity;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what, where: the one place that answers it, for every route of the API. Pure: no I/O, no state.
 *
 * <ul>
 *   <li>A {@link Role#SOVEREIGN_ADMIN} may do everything, in every Organization, whatever Organization they belong to.
 *   <li>Otherwise a target in another Organization than the caller's is {@link Decision#NOT_FOUND}, whatever the
 *       action and whatever the roles, and also for a caller of no Organization: another Organization's resources
 *       must not even be seen to exist.
 *   <li>In the caller's own Organization the roles grant, each including the one below: {@link Role#VIEWER}
 *       {@link Action#CATALOG_READ}, {@link Action#ORGANIZATION_READ}, {@link Action#ENVIRONMENT_READ};
 *       {@link Role#DEVELOPER} also {@link Action#APPLICATION_WRITE}; {@link Role#ORG_ADMIN} also
 *       {@link Action#ENVIRONMENT_MANAGE}, {@link Action#AUDIT_READ}, {@link Action#MEMBERS_MANAGE}. Anything else
 *       is {@link Decision#FORBIDDEN}; so is everything for a caller with no role.
 *   <li>Without a target Organization, {@link Action#CATALOG_READ} is allowed to any authenticated caller (the shared
 *       catalog); any other action is judged as if it targeted the caller's own Organization, and is
 *       {@link Decision#FORBIDDEN} for a caller of no Organization.
 *   <li>{@link Action#ORGANIZATION_MANAGE} and {@link Action#ADMIN_VIEW} are for Sovereign admins alone.
 * </ul>
 *
 * A caller with several roles gets what the most permissive of them grants.
 */
public final class AuthorizationPolicy {
    private static final Set<Action> VIEWER_ACTIONS =
            EnumSet.of(Action.CATALOG_READ, Action.ORGANIZATION_READ, Action.ENVIRONMENT_READ);
    private static final Set<Action> DEVELOPER_ACTIONS = with(VIEWER_ACTIONS, Action.APPLICATION_WRITE);
    private static final Set<Action> ORG_ADMIN_ACTIONS =
            with(DEVELOPER_ACTIONS, Action.ENVIRONMENT_MANAGE, Action.AUDIT_READ, Action.MEMBERS_MANAGE);
    private static final Map<Role, Set<Action>> IN_OWN_ORGANIZATION = Map.of(
            Role.SOVEREIGN_ADMIN, Set.copyOf(EnumSet.allOf(Action.class)),
            Role.ORG_ADMIN, ORG_ADMIN_ACTIONS,
            Role.DEVELOPER, DEVELOPER_ACTIONS,
            Role.VIEWER, VIEWER_ACTIONS);

    /**
     * Whether {@code caller} may do {@code action} on a resource of {@code targetOrganization}, or on no particular
     * Organization's resource when it is empty (listing the catalog, creating an Organization, the admin UI).
     */
    public Decision decide(Caller caller, Action action, Optional<String> targetOrganization) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetOrganization, "targetOrganization");
        if (caller.has(Role.SOVEREIGN_ADMIN)) {
            return Decision.ALLOW;
        }
        if (targetOrganization.isPresent() && !targetOrganization.equals(caller.organization())) {
            return Decision.NOT_FOUND;
        }
        if (targetOrganization.isEmpty() && action == Action.CATALOG_READ) {
            return Decision.ALLOW;
        }
        if (caller.organization().isEmpty()) {
            return Decision.FORBIDDEN;
        }
        return grants(caller.roles()).contains(action) ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /** What {@code roles} together allow in the holder's own Organization. */
    public static Set<Action> grants(Set<Role> roles) {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        roles.forEach(role -> actions.addAll(IN_OWN_ORGANIZATION.get(role)));
        return Set.copyOf(actions);
    }

    private static Set<Action> with(Set<Action> base, Action... more) {
        Set<Action> actions = EnumSet.copyOf(base);
        actions.addAll(Set.of(more));
        return Set.copyOf(actions);
    }
}
