package io.openova.catalyst.server.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once a valid catalog is loaded. */
@Readiness
@ApplicationScoped
public class CatalogHealthCheck implements HealthCheck {
    private final CatalogService catalogs;

    public CatalogHealthCheck(CatalogService catalogs) {
        this.catalogs = catalogs;
    }

    @Override
    public HealthCheckResponse call() {
        var catalog = catalogs.catalog();
        return HealthCheckResponse.named("catalog")
                .status(catalog.size() > 0)
                .withData("blueprints", catalog.size())
                .withData("revision", catalog.revision())
                .build();
    }
}
