package io.openova.catalyst.server.audit;

import io.openova.catalyst.identity.Action;
import io.openova.catalyst.identity.Organization;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
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
    @Operation(summary = "Audit log of the Sovereign", description = "Every Organization's, Sovereign admins only.")
    public List<AuditEntry> sovereign(@QueryParam("limit") @DefaultValue("100") String limit) {
        int max = AuditResource.limit(limit);
        return organizations.list().stream()
                .map(Organization::name)
                .flatMap(org -> log.newest(org, max).stream())
                .sorted(Comparator.comparing(AuditEntry::time).reversed())
                .limit(max)
                .toList();
    }
}
