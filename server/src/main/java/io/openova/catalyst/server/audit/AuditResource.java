package io.openova.catalyst.server.audit;

import io.openova.catalyst.identity.Action;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit log of an Organization, newest first, for its admins and Sovereign admins. */
@Path("/api/v1/orgs/{org}/audit")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "audit", description = "Who did what, where, and how it ended")
public class AuditResource {
    private final AuditLog log;

    AuditResource(AuditLog log) {
        this.log = log;
    }

    @GET
    @Authorize(Action.AUDIT_READ)
    @Operation(summary = "Audit log of an Organization", description = "Org admins and Sovereign admins.")
    public List<AuditEntry> organization(
            @PathParam("org") String org, @QueryParam("limit") @DefaultValue("100") String limit) {
        return log.newest(org, limit(limit));
    }

    static int limit(String value) {
        int max;
        try {
            max = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > AuditLog.MAX_ENTRIES) {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.parameter(
                    "limit",
                    "must be a whole number between 1 and " + AuditLog.MAX_ENTRIES + ", got '" + value + "'")));
        }
        return max;
    }
}
