package io.openova.catalyst.server.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.projector.EnvironmentReadModel;
import io.openova.catalyst.projector.Projector;
import io.openova.catalyst.projector.ReadModelCodec;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.provisioning.ApplicationResource;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What is running, from the read model (docs/events.md, "Read models"): each Application's phase and conditions, and
 * the operation history with terminal states. The desired state is {@code GET .../applications} (from Git); this is
 * how far the Environment got towards it. Eventually consistent: a change shows here once the projector has folded
 * its event, usually within milliseconds.
 */
@Path("/api/v1/orgs/{org}/environments/{env}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Status")
@Blocking
public class StatusResource {
    private final Projector projector;
    private final LocalEnvironmentRepositories repositories;

    StatusResource(Projector projector, LocalEnvironmentRepositories repositories) {
        this.projector = projector;
        this.repositories = repositories;
    }

    private EnvironmentReadModel model(String org, String env) {
        EnvironmentRef ref = ApplicationResource.ref(org, env);
        if (!repositories.exists(ref)) {
            throw ApiException.notFound("no Environment " + ref);
        }
        return projector.environment(ref).orElseGet(() -> EnvironmentReadModel.empty(ref));
    }

    @GET
    @Path("/status")
    @Operation(summary = "Status of an Environment", description = "Applications with phases, and operations.")
    @Authorize(Action.ENVIRONMENT_READ)
    public ObjectNode status(@PathParam("org") String org, @PathParam("env") String env) {
        return ReadModelCodec.toJson(model(org, env));
    }

    @GET
    @Path("/operations")
    @Operation(summary = "Operation history", description = "Newest first, each with its steps and final state.")
    @Authorize(Action.ENVIRONMENT_READ)
    public ArrayNode operations(@PathParam("org") String org, @PathParam("env") String env) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        model(org, env).operations().forEach(o -> out.add(ReadModelCodec.toJson(o)));
        return out;
    }

    @GET
    @Path("/operations/{operation}")
    @Operation(summary = "One operation", description = "Its steps and its state: in progress or terminal.")
    @Authorize(Action.ENVIRONMENT_READ)
    public ObjectNode operation(
            @PathParam("org") String org, @PathParam("env") String env, @PathParam("operation") String operation) {
        return model(org, env)
                .operation(operation)
                .map(ReadModelCodec::toJson)
                .orElseThrow(() -> ApiException.notFound("no operation '" + operation + "' in " + org + "/" + env));
    }
}
