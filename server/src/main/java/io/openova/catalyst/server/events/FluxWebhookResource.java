package io.openova.catalyst.server.events;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.ApplicationEvent;
import io.openova.catalyst.gitops.LocalEnvironmentRepositories;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.identity.secrets.SecretStore;
import io.openova.catalyst.provisioning.status.FluxNotifications;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.openova.catalyst.server.provisioning.ApplicationResource;
import io.openova.catalyst.server.security.Authorize;
import io.openova.catalyst.server.security.PublicRoute;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Status from clusters (docs/events.md): an Environment's Flux notification-controller posts its HelmRelease and
 * Kustomization events here through a {@code generic-hmac} Provider (the body signed with the Environment's token,
 * {@code X-Signature: sha256=<hex>}) or a {@code generic} one sending {@code Authorization: Bearer <token>}. They become
 * Application status events on the spine. Without a valid signature or token the answer is 401, the same whether the
 * Environment exists or not.
 */
@Path("/api/v1/orgs/{org}/environments/{env}")
@Tag(name = "Status from clusters")
@Blocking
public class FluxWebhookResource {
    static final String TOKEN_PROPERTY = "token";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> MACS =
            Map.of("sha1", "HmacSHA1", "sha256", "HmacSHA256", "sha384", "HmacSHA384", "sha512", "HmacSHA512");

    private final LocalEnvironmentRepositories repositories;
    private final SecretStore secrets;
    private final SpinePublisher publisher;

    FluxWebhookResource(LocalEnvironmentRepositories repositories, SecretStore secrets, SpinePublisher publisher) {
        this.repositories = repositories;
        this.secrets = secrets;
        this.publisher = publisher;
    }

    /** Where the token of an Environment's webhook is kept: beside its Applications' secrets, never in Git. */
    static String tokenKey(EnvironmentRef env) {
        return env.org() + "/" + env.env() + "/catalyst/flux-webhook";
    }

    public record Webhook(String path, String token, String provider) {}

    @PUT
    @Path("/flux-webhook")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Issue the Flux webhook token",
            description =
                    "Creates or replaces the Environment's webhook token; the answer is the only time it is shown.")
    @Authorize(Action.ENVIRONMENT_MANAGE)
    public Webhook issue(@PathParam("org") String org, @PathParam("env") String env) {
        EnvironmentRef ref = ApplicationResource.ref(org, env);
        if (!repositories.exists(ref)) {
            throw ApiException.notFound("no Environment " + ref);
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        secrets.put(tokenKey(ref), new TreeMap<>(Map.of(TOKEN_PROPERTY, token)));
        String path = "/api/v1/orgs/" + org + "/environments/" + env + "/flux-events";
        return new Webhook(path, token, provider(path));
    }

    /** The Provider and Alert the environment-controller writes into the Environment's Flux (docs/events.md). */
    static String provider(String path) {
        return """
                apiVersion: notification.toolkit.fluxcd.io/v1beta3
                kind: Provider
                metadata: {name: catalyst, namespace: flux-system}
                spec:
                  type: generic-hmac
                  address: https://<catalyst>%s
                  secretRef: {name: catalyst-webhook}   # key 'token': the token above
                ---
                apiVersion: notification.toolkit.fluxcd.io/v1beta3
                kind: Alert
                metadata: {name: catalyst, namespace: flux-system}
                spec:
                  providerRef: {name: catalyst}
                  eventSeverity: info
                  eventSources:
                    - {kind: HelmRelease, name: '*', namespace: '*'}
                    - {kind: Kustomization, name: '*', namespace: flux-system}
                """.formatted(path);
    }

    public record Accepted(List<String> events) {}

    @POST
    @Path("/flux-events")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Flux event", description = "Flux notification-controller generic(-hmac) payloads.")
    @PublicRoute("authenticated by the Environment's own webhook token, not by a Catalyst caller")
    public Response receive(
            @PathParam("org") String org,
            @PathParam("env") String env,
            @HeaderParam("X-Signature") String signature,
            @HeaderParam("Authorization") String authorization,
            byte[] body) {
        EnvironmentRef ref = ApplicationResource.ref(org, env);
        Optional<String> token = repositories.exists(ref)
                ? secrets.get(tokenKey(ref)).map(p -> p.get(TOKEN_PROPERTY))
                : Optional.empty();
        byte[] payload = body == null ? new byte[0] : body;
        if (token.isEmpty() || !authentic(token.get(), signature, authorization, payload)) {
            throw new ApiException(
                    401,
                    "unauthorized",
                    "Unauthorized",
                    "sign the body with the Environment's webhook token (X-Signature: sha256=<hex>) or send it as a"
                            + " bearer token",
                    List.of());
        }
        List<ApplicationEvent> events;
        try {
            events = FluxNotifications.events(ref, payload);
        } catch (FluxNotifications.InvalidNotificationException e) {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.pointer(e.field(), e.getMessage())));
        }
        publisher.publish(List.copyOf(events));
        return Response.accepted(new Accepted(events.stream()
                        .map(e -> e.type() + " " + e.application())
                        .toList()))
                .build();
    }

    /** An HMAC of the body under the token ({@code <alg>=<hex>}), or the token itself as a bearer token. */
    static boolean authentic(String token, String signature, String authorization, byte[] body) {
        byte[] key = token.getBytes(StandardCharsets.UTF_8);
        if (signature != null) {
            int eq = signature.indexOf('=');
            String algorithm =
                    eq < 0 ? null : MACS.get(signature.substring(0, eq).strip());
            if (algorithm == null) {
                return false;
            }
            byte[] given;
            try {
                given = HexFormat.of().parseHex(signature.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance(algorithm);
                mac.init(new SecretKeySpec(key, algorithm));
                return MessageDigest.isEqual(mac.doFinal(body), given);
            } catch (java.security.GeneralSecurityException e) {
                return false;
            }
        }
        if (authorization != null && authorization.startsWith("Bearer ")) {
            byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(sha256(given), sha256(key)); // equal-length digests: no length leak
        }
        return false;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
