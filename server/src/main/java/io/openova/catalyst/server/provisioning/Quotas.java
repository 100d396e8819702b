package io.openova.catalyst.server.provisioning;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.identity.Organization;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.provisioning.Provisioning;
import io.openova.catalyst.server.catalog.CatalogService;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The Organization quotas Catalyst enforces before it commits: how many Environments an Organization has, how many
 * Applications over all of them, and which Blueprint sources it may install from. A request over quota is a 409 problem+json naming the quota field, and changes
 * nothing. (CPU and memory quotas are enforced in the clusters by the environment-controller's ResourceQuotas.)
 */
@ApplicationScoped
public class Quotas {
    private final OrganizationDirectory organizations;
    private final Provisioning provisioning;

    Quotas(OrganizationDirectory organizations, Provisioning provisioning) {
        this.organizations = organizations;
        this.provisioning = provisioning;
    }

    /** Refuses a new Environment in {@code org} beyond {@code quota.maxEnvironments}. */
    void allowEnvironment(String org) {
        Organization organization = organizations.find(org).orElse(null);
        if (organization != null
                && provisioning.environmentCount(org) >= organization.quota().maxEnvironments()) {
            throw exceeded(org, "quota.maxEnvironments", organization.quota().maxEnvironments(), "Environments");
        }
    }

    /** Refuses a new Application {@code app} in {@code env} beyond {@code quota.maxApplications}. */
    void allowApplication(EnvironmentRef env, String app) {
        Organization organization = organizations.find(env.org()).orElse(null);
        if (organization == null) {
            return;
        }
        if (provisioning.hasApplication(env, app)) {
            return;
        }
        if (provisioning.applicationCount(env.org()) >= organization.quota().maxApplications()) {
            throw exceeded(
                    env.org(), "quota.maxApplications", organization.quota().maxApplications(), "Applications");
        }
    }

    /**
     * Refuses an install from a Blueprint source the Organization may not use ({@code blueprintSources}; empty: all).
     * Every Blueprint comes from the built-in catalog today.
     */
    void allowSource(String org) {
        Organization organization = organizations.find(org).orElse(null);
        if (organization != null && !organization.allowsSource(CatalogService.BUILT_IN_SOURCE)) {
            throw new ApiException(
                    403,
                    "source-not-allowed",
                    "Blueprint source not allowed",
                    "Organization " + org + " may install only from " + organization.blueprintSources()
                            + "; this Blueprint comes from '" + CatalogService.BUILT_IN_SOURCE + "'",
                    List.of(ApiProblem.FieldError.pointer(
                            "/blueprint", "is from a source the Organization may not use")));
        }
    }

    private static ApiException exceeded(String org, String field, int limit, String what) {
        return new ApiException(
                409,
                "quota-exceeded",
                "Quota exceeded",
                "Organization " + org + " may have at most " + limit + " " + what + " (" + field
                        + "); ask a Sovereign admin to raise it",
                List.of());
    }
}
