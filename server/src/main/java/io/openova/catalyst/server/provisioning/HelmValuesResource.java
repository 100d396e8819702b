package io.openova.catalyst.server.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.provisioning.Provisioning;
import io.openova.catalyst.provisioning.ProvisioningException;
import io.openova.catalyst.server.security.Authorize;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The IaC depth of the install wizard: the Helm values (the HelmRelease's {@code spec.values}) an Application is
 * composed with, and the config that edited Helm values come from. Computes; writes nothing.
 */
@Path("/api/v1/orgs/{org}/environments/{env}/helm-values")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "applications")
public class HelmValuesResource {
    private final Provisioning provisioning;

    public HelmValuesResource(Provisioning provisioning) {
        this.provisioning = provisioning;
    }

    /** What {@link Provisioning#helmValues} answers. */
    public record HelmValuesView(JsonNode config, JsonNode values) {}

    @POST
    @Operation(
            summary = "Helm values of an Application, or the config of edited ones",
            description = "Body: {name, blueprint, version?, config, values?}. Without values: the Helm values the"
                    + " Application would be composed with. With values: the config that composes it with them,"
                    + " validated; 422 names every value the Blueprint fixes (at /values/...) or every config"
                    + " violation (at /config/...). Secret fields are left out of the answer.")
    @Authorize(Action.APPLICATION_WRITE)
    public HelmValuesView helmValues(@PathParam("org") String org, @PathParam("env") String env, JsonNode body)
            throws ProvisioningException {
        EnvironmentRef ref = ApplicationResource.ref(org, env);
        JsonNode request = RequestBodies.object(
                body, Set.of("name", "blueprint", "version", "config", "values"), Set.of("name", "blueprint"));
        String name = RequestBodies.text(request, "name");
        EnvironmentResource.bodyName(name);
        Provisioning.HelmValues values = provisioning.helmValues(
                ref,
                name,
                RequestBodies.text(request, "blueprint"),
                RequestBodies.optionalText(request, "version"),
                RequestBodies.optionalObject(request, "config").orElseGet(JsonNodeFactory.instance::objectNode),
                RequestBodies.optionalObject(request, "values"));
        return new HelmValuesView(values.config(), values.values());
    }
}
