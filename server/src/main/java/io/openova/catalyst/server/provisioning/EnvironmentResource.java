package io.openova.catalyst.server.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.EnvironmentRepositories;
import io.openova.catalyst.gitops.NoSuchEnvironmentException;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.projector.Projector;
import io.openova.catalyst.provisioning.Provisioning;
import io.openova.catalyst.provisioning.ProvisioningException;
import io.openova.catalyst.server.events.ProjectorWiring;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.openova.catalyst.server.security.Authorize;
import io.openova.catalyst.server.security.CurrentCaller;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Environments of an Organization: each one a Git repository that its Flux reconciles. */
@Path("/api/v1/orgs/{org}/environments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "environments", description = "Environments and their history")
public class EnvironmentResource {
    /** How far back an abbreviated commit id is looked up. */
    private static final int MAX_HISTORY = 10_000;

    private final Provisioning provisioning;
    private final EnvironmentRepositories repositories;
    private final Projector projector;
    private final Quotas quota;
    private final CurrentCaller current;

    public EnvironmentResource(
            Provisioning provisioning,
            EnvironmentRepositories repositories,
            Projector projector,
            Quotas quota,
            CurrentCaller current) {
        this.provisioning = provisioning;
        this.repositories = repositories;
        this.projector = projector;
        this.quota = quota;
        this.current = current;
    }

    @GET
    @Operation(summary = "Environments of an Organization")
    @Authorize(Action.ENVIRONMENT_READ)
    public List<ProvisioningViews.EnvironmentView> list(@PathParam("org") String org) {
        names("org", org);
        return provisioning.environments(org).stream()
                .map(EnvironmentResource::view)
                .toList();
    }

    @POST
    @Operation(summary = "Create an Environment", description = "Creates its Git repository with an empty tree.")
    @Authorize(Action.ENVIRONMENT_MANAGE)
    public Response create(@PathParam("org") String org, JsonNode body, @HeaderParam("X-Request-Id") String requestId)
            throws ProvisioningException {
        names("org", org);
        JsonNode request = RequestBodies.object(body, Set.of("name"), Set.of("name"));
        String name = RequestBodies.text(request, "name");
        bodyName(name);
        if (EnvironmentRef.RESERVED.equals(name)) {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.pointer(
                    "/name", "'" + name + "' is reserved for the Organization's audit log; choose another name")));
        }
        quota.allowEnvironment(org);
        EnvironmentRef env = new EnvironmentRef(org, name);
        CommitInfo commit = provisioning.createEnvironment(
                env,
                ApplicationResource.context(
                        null, requestId, false, current.require().displayName()));
        ProjectorWiring.ensureStarted(projector, org);
        return Response.created(URI.create("/api/v1/orgs/" + org + "/environments/" + name))
                .entity(new Created(view(env), commit.id()))
                .build();
    }

    public record Created(ProvisioningViews.EnvironmentView environment, String commit) {}

    @GET
    @Path("/{env}/commits")
    @Operation(summary = "History of an Environment", description = "Newest first; trailers carry operation ids.")
    @Authorize(Action.ENVIRONMENT_READ)
    public List<ProvisioningViews.CommitView> commits(
            @PathParam("org") String org,
            @PathParam("env") String env,
            @QueryParam("limit") @DefaultValue("50") String limit)
            throws ProvisioningException {
        EnvironmentRef ref = ApplicationResource.ref(org, env);
        int max;
        try {
            max = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > 500) {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.parameter(
                    "limit", "must be a whole number between 1 and 500, got '" + limit + "'")));
        }
        try {
            return repositories.log(ref, max).stream()
                    .map(ProvisioningViews.CommitView::of)
                    .toList();
        } catch (NoSuchEnvironmentException e) {
            throw ProvisioningException.notFound("no Environment " + ref);
        }
    }

    @POST
    @Path("/{env}/rollback")
    @Operation(summary = "Roll back", description = "Makes the Environment what it was at a commit, as a new commit.")
    @Authorize(Action.ENVIRONMENT_MANAGE)
    public Response rollback(
            @PathParam("org") String org,
            @PathParam("env") String env,
            JsonNode body,
            @QueryParam("preview") @DefaultValue("false") boolean preview,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Request-Id") String requestId)
            throws ProvisioningException {
        EnvironmentRef ref = ApplicationResource.ref(org, env);
        JsonNode request = RequestBodies.object(body, Set.of("commit"), Set.of("commit"));
        String commit = RequestBodies.text(request, "commit");
        if (!commit.matches("[0-9a-f]{7,40}")) {
            throw ApiException.badRequest(
                    List.of(ApiProblem.FieldError.pointer("/commit", "must be a commit id (7 to 40 hex digits)")));
        }
        return ApplicationResource.respond(
                provisioning.apply(
                        ref,
                        new io.openova.catalyst.provisioning.Operation.Rollback(fullId(ref, commit)),
                        ApplicationResource.context(
                                idempotencyKey,
                                requestId,
                                preview,
                                current.require().displayName())),
                java.util.Optional.empty());
    }

    /** An abbreviated commit id (as {@code git log --oneline} shows) → the one commit of the history it names. */
    private String fullId(EnvironmentRef env, String commit) throws ProvisioningException {
        if (commit.length() == 40) {
            return commit;
        }
        List<String> matches;
        try {
            matches = repositories.log(env, MAX_HISTORY).stream()
                    .map(io.openova.catalyst.gitops.CommitInfo::id)
                    .filter(id -> id.startsWith(commit))
                    .toList();
        } catch (NoSuchEnvironmentException e) {
            throw ProvisioningException.notFound("no Environment " + env);
        }
        if (matches.size() > 1) {
            throw ApiException.badRequest(List.of(
                    ApiProblem.FieldError.pointer("/commit", "'" + commit + "' is ambiguous: give more digits")));
        }
        if (matches.isEmpty()) {
            throw ProvisioningException.notFound("no commit '" + commit + "' in " + env);
        }
        return matches.getFirst();
    }

    static ProvisioningViews.EnvironmentView view(EnvironmentRef env) {
        return new ProvisioningViews.EnvironmentView(
                env.org(), env.env(), "/git/" + env.org() + "/" + env.env() + ".git");
    }

    /** A name in the URL path ({@code org}, {@code env}, {@code app}) must be a DNS-1123 label: 400 otherwise. */
    static void names(String segment, String value) {
        Names.problem(value).ifPresent(problem -> {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.path(segment, problem)));
        });
    }

    /** The {@code name} field of a body must be a DNS-1123 label: 400 naming {@code /name} otherwise. */
    static void bodyName(String value) {
        Names.problem(value).ifPresent(problem -> {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.pointer("/name", problem)));
        });
    }
}
