package io.openova.catalyst.server.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.provisioning.Operation.Install;
import io.openova.catalyst.provisioning.Operation.Reconfigure;
import io.openova.catalyst.provisioning.Operation.Uninstall;
import io.openova.catalyst.provisioning.Operation.Upgrade;
import io.openova.catalyst.provisioning.Outcome;
import io.openova.catalyst.provisioning.Provisioning;
import io.openova.catalyst.provisioning.ProvisioningException;
import io.openova.catalyst.provisioning.RequestContext;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.openova.catalyst.server.security.Authorize;
import io.openova.catalyst.server.security.CurrentCaller;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Applications of an Environment: install, reconfigure, upgrade, uninstall. Every change is one Git commit; add
 * {@code ?preview=true} to get the exact diff without committing, and an {@code Idempotency-Key} header to make
 * retries safe.
 */
@Path("/api/v1/orgs/{org}/environments/{env}/applications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "applications", description = "Install, reconfigure, upgrade, uninstall, with preview")
public class ApplicationResource {
    private final Provisioning provisioning;
    private final Quotas quotas;
    private final CurrentCaller current;

    public ApplicationResource(Provisioning provisioning, Quotas quotas, CurrentCaller current) {
        this.provisioning = provisioning;
        this.quotas = quotas;
        this.current = current;
    }

    @GET
    @Operation(summary = "Applications of an Environment")
    @Authorize(Action.ENVIRONMENT_READ)
    public List<ProvisioningViews.ApplicationView> list(@PathParam("org") String org, @PathParam("env") String env)
            throws ProvisioningException {
        return provisioning.applications(ref(org, env)).stream()
                .map(ProvisioningViews.ApplicationView::of)
                .toList();
    }

    @GET
    @Path("/{app}")
    @Operation(summary = "One Application")
    @Authorize(Action.ENVIRONMENT_READ)
    public ProvisioningViews.ApplicationView get(
            @PathParam("org") String org, @PathParam("env") String env, @PathParam("app") String app)
            throws ProvisioningException {
        EnvironmentRef ref = ref(org, env);
        EnvironmentResource.names("app", app);
        return provisioning.applications(ref).stream()
                .filter(a -> a.name().equals(app))
                .findFirst()
                .map(ProvisioningViews.ApplicationView::of)
                .orElseThrow(() -> ProvisioningException.notFound("no Application '" + app + "' in " + ref));
    }

    @POST
    @Operation(
            summary = "Install a Blueprint",
            description = "Body: {name, blueprint, version?, config?}. 422 lists every config violation.")
    @Authorize(Action.APPLICATION_WRITE)
    public Response install(
            @PathParam("org") String org,
            @PathParam("env") String env,
            JsonNode body,
            @QueryParam("preview") @DefaultValue("false") boolean preview,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Request-Id") String requestId)
            throws ProvisioningException {
        EnvironmentRef ref = ref(org, env);
        JsonNode request = RequestBodies.object(
                body, Set.of("name", "blueprint", "version", "config"), Set.of("name", "blueprint"));
        String name = RequestBodies.text(request, "name");
        EnvironmentResource.bodyName(name);
        Install install = new Install(
                name,
                RequestBodies.text(request, "blueprint"),
                RequestBodies.optionalText(request, "version"),
                RequestBodies.optionalObject(request, "config").orElse(null));
        quotas.allowSource(org);
        quotas.allowApplication(ref, name);
        Outcome outcome = provisioning.apply(ref, install, context(idempotencyKey, requestId, preview, actor()));
        return respond(
                outcome,
                preview
                        ? Optional.empty()
                        : Optional.of(
                                URI.create("/api/v1/orgs/" + org + "/environments/" + env + "/applications/" + name)));
    }

    @PUT
    @Path("/{app}")
    @Operation(
            summary = "Reconfigure",
            description = "Body: {config}. Replaces the user's values; secrets left out stay as they are.")
    @Authorize(Action.APPLICATION_WRITE)
    public Response reconfigure(
            @PathParam("org") String org,
            @PathParam("env") String env,
            @PathParam("app") String app,
            JsonNode body,
            @QueryParam("preview") @DefaultValue("false") boolean preview,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Request-Id") String requestId)
            throws ProvisioningException {
        EnvironmentRef ref = ref(org, env);
        EnvironmentResource.names("app", app);
        JsonNode request = RequestBodies.object(body, Set.of("config"), Set.of());
        Reconfigure reconfigure = new Reconfigure(
                app, RequestBodies.optionalObject(request, "config").orElse(null));
        return respond(
                provisioning.apply(ref, reconfigure, context(idempotencyKey, requestId, preview, actor())),
                Optional.empty());
    }

    @POST
    @Path("/{app}/upgrade")
    @Operation(summary = "Upgrade", description = "Body: {version, config?}. Keeps the user's values.")
    @Authorize(Action.APPLICATION_WRITE)
    public Response upgrade(
            @PathParam("org") String org,
            @PathParam("env") String env,
            @PathParam("app") String app,
            JsonNode body,
            @QueryParam("preview") @DefaultValue("false") boolean preview,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Request-Id") String requestId)
            throws ProvisioningException {
        EnvironmentRef ref = ref(org, env);
        EnvironmentResource.names("app", app);
        JsonNode request = RequestBodies.object(body, Set.of("version", "config"), Set.of("version"));
        Upgrade upgrade = new Upgrade(
                app, RequestBodies.text(request, "version"), RequestBodies.optionalObject(request, "config"));
        return respond(
                provisioning.apply(ref, upgrade, context(idempotencyKey, requestId, preview, actor())),
                Optional.empty());
    }

    @DELETE
    @Path("/{app}")
    @Operation(summary = "Uninstall", description = "Removes the manifests from Git, so Flux prunes them.")
    @Authorize(Action.APPLICATION_WRITE)
    public Response uninstall(
            @PathParam("org") String org,
            @PathParam("env") String env,
            @PathParam("app") String app,
            @QueryParam("preview") @DefaultValue("false") boolean preview,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("X-Request-Id") String requestId)
            throws ProvisioningException {
        EnvironmentRef ref = ref(org, env);
        EnvironmentResource.names("app", app);
        return respond(
                provisioning.apply(ref, new Uninstall(app), context(idempotencyKey, requestId, preview, actor())),
                Optional.empty());
    }

    static Response respond(Outcome outcome, Optional<URI> created) {
        Response.ResponseBuilder response =
                created.map(uri -> Response.created(uri)).orElseGet(Response::ok);
        return response.header("X-Operation-Id", outcome.operationId())
                .entity(ProvisioningViews.OutcomeView.of(outcome))
                .build();
    }

    public static EnvironmentRef ref(String org, String env) {
        EnvironmentResource.names("org", org);
        EnvironmentResource.names("env", env);
        if (EnvironmentRef.RESERVED.equals(env)) {
            throw ApiException.notFound("no Environment " + org + "/" + env);
        }
        return new EnvironmentRef(org, env);
    }

    /** Who the commit is by: the caller's name. */
    private String actor() {
        return current.require().displayName();
    }

    static RequestContext context(String idempotencyKey, String requestId, boolean preview, String actor) {
        Optional<String> key = Optional.ofNullable(idempotencyKey);
        String request = requestId == null || requestId.isBlank() || requestId.length() > 200
                ? UUID.randomUUID().toString()
                : requestId.strip();
        try {
            return new RequestContext(key, request, actor, preview);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.header("Idempotency-Key", e.getMessage())));
        }
    }
}
