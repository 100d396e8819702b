package io.openova.catalyst.server.audit;

import io.openova.catalyst.identity.Action;
import io.openova.catalyst.identity.Organization;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every Organization's audit log merged, newest first, for Sovereign admins. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "audit")
public class SovereignAuditResource {
    private final AuditLog log;
    private final OrganizationDirectory organizations;

    SovereignAuditResource(AuditLog log, OrganizationDirectory organizations) {
        this.log = log;
        this.organizations = organizations;
    }

    @GET
    @Authorize(Action.ADMIN_VIEW)
    @Operation(
            summary = "Audit log of the Sovereign",
            description = "Every Organization's, Sovereign admins only. Newest first by when each entry was recorded;"
                    + " filters combine with AND; the next page is in the Link header (rel=\"next\").")
    public Response sovereign(@BeanParam AuditResource.AuditParameters parameters, @Context UriInfo uri) {
        AuditQuery query = AuditQuery.parse(parameters.parameters());
        return AuditResource.page(
                log.sovereign(
                        organizations.list().stream().map(Organization::name).toList(), query),
                uri);
    }
}
