package io.openova.catalyst.identity;

/**
 * What a request does, one value per class of route, so every route is checked by {@link AuthorizationPolicy} under
 * exactly one action.
 */
public enum Action {
    /** List and read Blueprints of the catalog. */
    CATALOG_READ,
    /** Read an Organization: its name, tier, quota and Blueprint sources. */
    ORGANIZATION_READ,
    /** Create, update and delete Organizations, their quotas and Blueprint sources: Sovereign admins only. */
    ORGANIZATION_MANAGE,
    /**
     * Read Environments and what is in them: list and get Environments, Applications, operations and status, the SSE
     * event stream, and cloning an Environment repository over Git smart HTTP.
     */
    ENVIRONMENT_READ,
    /** Create and delete an Environment, and roll it back. */
    ENVIRONMENT_MANAGE,
    /** Install, reconfigure, upgrade, uninstall and preview Applications. */
    APPLICATION_WRITE,
    /** Read an Organization's audit log. */
    AUDIT_READ,
    /** Add and remove an Organization's members and change their roles. */
    MEMBERS_MANAGE,
    /** The admin UI of the whole Sovereign: Sovereign admins only. */
    ADMIN_VIEW
}
