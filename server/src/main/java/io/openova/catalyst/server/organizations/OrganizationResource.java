package io.openova.catalyst.server.organizations;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.Organization;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.server.audit.AuditRecorder;
import io.openova.catalyst.server.catalog.CatalogAnnouncements;
import io.openova.catalyst.server.catalog.CatalogService;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.openova.catalyst.server.provisioning.RequestBodies;
import io.openova.catalyst.server.security.Authorize;
import io.openova.catalyst.server.security.CurrentCaller;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Organizations of the Sovereign (docs/security.md): Sovereign admins create them and set their quotas and
 * Blueprint sources; everyone sees their own.
 */
@Path("/api/v1/orgs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "organizations", description = "Organizations, their tiers, quotas and Blueprint sources")
public class OrganizationResource {
    private static final Set<String> FIELDS = Set.of("name", "displayName", "tier", "quota", "blueprintSources");
    private static final Set<String> QUOTA_FIELDS =
            Set.of("maxEnvironments", "maxApplications", "cpuMillicores", "memoryMebibytes");
    /** What a new Organization may have unless the request says otherwise. */
    static final Organization.Quota DEFAULT_QUOTA = new Organization.Quota(5, 50, 16_000, 65_536);

    private final OrganizationDirectory directory;
    private final CurrentCaller current;
    private final CatalogAnnouncements announcements;
    private final CatalogService catalogs;

    OrganizationResource(
            OrganizationDirectory directory,
            CurrentCaller current,
            CatalogAnnouncements announcements,
            CatalogService catalogs) {
        this.directory = directory;
        this.current = current;
        this.announcements = announcements;
        this.catalogs = catalogs;
    }

    @GET
    @Authorize(Action.ORGANIZATION_READ)
    @Operation(summary = "Organizations", description = "All of them for a Sovereign admin, else the caller's own.")
    public List<Organization> list() {
        Caller caller = current.require();
        if (caller.has(Role.SOVEREIGN_ADMIN)) {
            return directory.list();
        }
        return caller.organization().flatMap(directory::find).stream().toList();
    }

    @GET
    @Path("/{org}")
    @Authorize(Action.ORGANIZATION_READ)
    @Operation(summary = "An Organization")
    public Organization get(@PathParam("org") String org) {
        return directory.find(org).orElseThrow(() -> ApiException.notFound("no Organization " + org));
    }

    @POST
    @Authorize(Action.ORGANIZATION_MANAGE)
    @Operation(summary = "Create an Organization", description = "Sovereign admins only.")
    public Response create(JsonNode body, @Context ContainerRequestContext request) {
        Organization organization = parse(body, null);
        request.setProperty(AuditRecorder.ORGANIZATION_PROPERTY, organization.name());
        if (!directory.create(organization)) {
            throw new ApiException(
                    409,
                    "conflict",
                    "Conflict",
                    "Organization " + organization.name() + " exists already",
                    List.of(ApiProblem.FieldError.pointer("/name", "is taken")));
        }
        announcements.baseline(organization.name(), catalogs.catalog());
        return Response.created(URI.create("/api/v1/orgs/" + organization.name()))
                .entity(organization)
                .build();
    }

    @PUT
    @Path("/{org}")
    @Authorize(Action.ORGANIZATION_MANAGE)
    @Operation(summary = "Change an Organization", description = "Display name, tier, quota, Blueprint sources.")
    public Organization update(@PathParam("org") String org, JsonNode body) {
        Organization organization = parse(body, org);
        if (!directory.update(organization)) {
            throw ApiException.notFound("no Organization " + org);
        }
        return organization;
    }

    /** The body as an Organization; {@code pathName}, when given, is the name and the body may repeat it only. */
    private static Organization parse(JsonNode body, String pathName) {
        JsonNode request = RequestBodies.object(
                body, FIELDS, pathName == null ? Set.of("name", "displayName") : Set.of("displayName"));
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        String name = pathName != null ? pathName : RequestBodies.text(request, "name");
        if (pathName != null
                && request.has("name")
                && !pathName.equals(request.path("name").asText())) {
            errors.add(ApiProblem.FieldError.pointer("/name", "cannot be changed; it must be " + pathName));
        }
        Organization.Tier tier = Organization.Tier.STANDARD;
        if (request.has("tier")) {
            try {
                tier = Organization.Tier.valueOf(request.path("tier").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(ApiProblem.FieldError.pointer("/tier", "must be one of FREE, STANDARD, ENTERPRISE"));
            }
        }
        Organization.Quota quota = DEFAULT_QUOTA;
        if (request.has("quota")) {
            JsonNode given = RequestBodies.object(request.get("quota"), QUOTA_FIELDS, Set.of(), "/quota");
            try {
                quota = new Organization.Quota(
                        given.path("maxEnvironments").asInt(DEFAULT_QUOTA.maxEnvironments()),
                        given.path("maxApplications").asInt(DEFAULT_QUOTA.maxApplications()),
                        given.path("cpuMillicores").asLong(DEFAULT_QUOTA.cpuMillicores()),
                        given.path("memoryMebibytes").asLong(DEFAULT_QUOTA.memoryMebibytes()));
            } catch (IllegalArgumentException e) {
                errors.add(pointerError(e.getMessage()));
            }
        }
        List<String> sources = new ArrayList<>();
        if (request.has("blueprintSources")) {
            JsonNode given = request.get("blueprintSources");
            if (!given.isArray()) {
                errors.add(ApiProblem.FieldError.pointer("/blueprintSources", "must be an array of source names"));
            } else {
                given.forEach(source -> sources.add(source.asText()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        try {
            return new Organization(
                    name, RequestBodies.text(request, "displayName"), tier, quota, List.copyOf(sources));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(List.of(pointerError(e.getMessage())));
        }
    }

    /** "quota.maxEnvironments: must be..." becomes the pointer {@code /quota/maxEnvironments}. */
    private static ApiProblem.FieldError pointerError(String message) {
        int colon = message.indexOf(':');
        if (colon < 0) {
            return ApiProblem.FieldError.pointer("", message);
        }
        String field =
                message.substring(0, colon).replace('.', '/').replace("[", "/").replace("]", "");
        return ApiProblem.FieldError.pointer(
                "/" + field, message.substring(colon + 1).strip());
    }
}
