package io.openova.catalyst.server.audit;

import io.openova.catalyst.identity.Action;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
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
    @Operation(
            summary = "Audit log of an Organization",
            description = "Org admins and Sovereign admins. Newest first; filters combine with AND; the next page is in"
                    + " the Link header (rel=\"next\").")
    public Response organization(
            @PathParam("org") String org, @BeanParam AuditParameters parameters, @Context UriInfo uri) {
        AuditQuery query = AuditQuery.parse(parameters.parameters());
        if (query.organization().isPresent()) {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.parameter(
                    "organization", "is a filter of the Sovereign's log /api/v1/audit; this log is " + org + "'s")));
        }
        if (query.cursor().filter(cursor -> !cursor.organization().equals(org)).isPresent()) {
            throw ApiException.badRequest(
                    List.of(ApiProblem.FieldError.parameter("cursor", "belongs to another log than " + org + "'s")));
        }
        return page(log.page(org, query), uri);
    }

    /**
     * The entries of {@code page}, with a {@code Link} to the next page when there is one. The link is relative (path
     * and query), so it stays right behind a reverse proxy that rewrites the host.
     */
    static Response page(AuditLog.AuditPage page, UriInfo uri) {
        Response.ResponseBuilder response = Response.ok(page.entries());
        page.next().ifPresent(next -> {
            URI link = uri.getRequestUriBuilder()
                    .replaceQueryParam("cursor", next.toString())
                    .build();
            response.header("Link", "<" + link.getRawPath() + "?" + link.getRawQuery() + ">; rel=\"next\"");
        });
        return response.build();
    }

    /** The query parameters of both audit routes. */
    public static class AuditParameters {
        @QueryParam("limit")
        String limit;

        @QueryParam("cursor")
        String cursor;

        @QueryParam("actor")
        String actor;

        @QueryParam("action")
        String action;

        @QueryParam("result")
        String result;

        @QueryParam("environment")
        String environment;

        @QueryParam("organization")
        String organization;

        @QueryParam("since")
        String since;

        @QueryParam("until")
        String until;

        AuditQuery.Parameters parameters() {
            return new AuditQuery.Parameters(
                    limit, cursor, actor, action, result, environment, organization, since, until);
        }
    }
}
