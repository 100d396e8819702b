package io.openova.catalyst.server.security;

import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.identity.Action;
import io.openova.catalyst.identity.AuthorizationPolicy;
import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.Decision;
import io.openova.catalyst.identity.oidc.InvalidTokenException;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate of every route (REST, Server-Sent Events, Git smart HTTP, the Flux webhook): authenticates the
 * caller, checks the CSRF token of cookie sessions on mutating requests, refuses a target Organization that does not
 * exist, and asks the {@link AuthorizationPolicy} with the route's {@link Authorize} action. Refusals are
 * problem+json: 401 without (valid) credentials, 403 when the role is too low, 404 when the target is another
 * Organization's, so that what other Organizations have never leaks.
 */
public class AuthorizationFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthorizationFilter.class);
    private static final Set<String> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    static final String ORG_PARAMETER = "org";

    private final Authenticator authenticator;
    private final AuthorizationPolicy policy;
    private final OrganizationDirectory organizations;
    private final CurrentCaller current;

    AuthorizationFilter(
            Authenticator authenticator,
            AuthorizationPolicy policy,
            OrganizationDirectory organizations,
            CurrentCaller current) {
        this.authenticator = authenticator;
        this.policy = policy;
        this.organizations = organizations;
        this.current = current;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Response authorize(ContainerRequestContext request, ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        if (annotation(resource, PublicRoute.class) != null) {
            return null;
        }
        Authorize authorize = annotation(resource, Authorize.class);
        if (authorize == null) {
            LOGGER.error("route without @Authorize or @PublicRoute refused: {}", resource.getResourceMethod());
            return problem(request, 403, "forbidden", "Forbidden", "this route is not open to anyone");
        }
        Optional<Credential> credential = credential(request);
        if (credential.isEmpty()) {
            return unauthenticated(request, "authentication is required", false);
        }
        Caller caller;
        try {
            caller = authenticator.authenticate(credential.get());
        } catch (InvalidTokenException e) {
            return unauthenticated(request, e.getMessage(), true);
        }
        current.set(caller, credential.get());
        if (authenticator.mustChangePassword(caller)) {
            return problem(
                    request,
                    403,
                    "password-change-required",
                    "Password change required",
                    "set a new password first: POST /api/v1/session/password");
        }
        if (credential.get() instanceof Credential.SessionCookie cookie
                && !SAFE_METHODS.contains(request.getMethod())
                && !authenticator.csrfValid(cookie, request.getHeaderString(Sessions.CSRF_HEADER))) {
            return problem(
                    request,
                    403,
                    "csrf",
                    "CSRF token missing or wrong",
                    "a request with the session cookie that changes something must send the session's "
                            + Sessions.CSRF_HEADER + " header");
        }
        Optional<String> target =
                Optional.ofNullable(request.getUriInfo().getPathParameters().getFirst(ORG_PARAMETER));
        Optional<String> badOrganization = target.flatMap(Names::problem);
        // Git smart HTTP answers such a name like any repository that is not there: 404 below, as git expects.
        if (badOrganization.isPresent() && !request.getUriInfo().getPath().startsWith("/git/")) {
            return Response.status(400)
                    .type(ApiProblem.MEDIA_TYPE)
                    .entity(ApiException.badRequest(
                                    List.of(ApiProblem.FieldError.path(ORG_PARAMETER, badOrganization.get())))
                            .toProblem(request.getUriInfo().getPath()))
                    .build();
        }
        Decision decision = policy.decide(caller, authorize.value(), target);
        if (decision == Decision.ALLOW && target.isPresent() && !organizations.exists(target.get())) {
            decision = Decision.NOT_FOUND;
        }
        return switch (decision) {
            case ALLOW -> null;
            case FORBIDDEN ->
                problem(
                        request,
                        403,
                        "forbidden",
                        "Forbidden",
                        "your roles do not allow " + describe(authorize.value())
                                + target.map(org -> " in Organization " + org).orElse(""));
            case NOT_FOUND ->
                problem(
                        request,
                        404,
                        "not-found",
                        "Not Found",
                        "no Organization " + target.orElse("") + " that you can see");
        };
    }

    private static String describe(Action action) {
        return action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** The request's credential: the Authorization header wins over the session cookie. */
    static Optional<Credential> credential(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !authorization.isBlank()) {
            int space = authorization.indexOf(' ');
            String scheme = space < 0 ? authorization : authorization.substring(0, space);
            String value = space < 0 ? "" : authorization.substring(space + 1).strip();
            if (scheme.equalsIgnoreCase("Bearer")) {
                return Optional.of(new Credential.HeaderToken(value));
            }
            if (scheme.equalsIgnoreCase("Basic")) {
                return Optional.of(new Credential.HeaderToken(basicPassword(value)));
            }
            return Optional.of(new Credential.HeaderToken(""));
        }
        Cookie cookie = request.getCookies().get(Sessions.COOKIE);
        if (cookie != null && !cookie.getValue().isBlank()) {
            return Optional.of(new Credential.SessionCookie(cookie.getValue()));
        }
        return Optional.empty();
    }

    /** Git clients send the token as the password of Basic authentication; the user name is ignored. */
    private static String basicPassword(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? "" : decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(ResourceInfo resource, Class<A> type) {
        A onMethod = resource.getResourceMethod().getAnnotation(type);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(type);
    }

    private static Response unauthenticated(ContainerRequestContext request, String detail, boolean invalidToken) {
        String path = request.getUriInfo().getPath();
        String bearer = "Bearer realm=\"catalyst\"" + (invalidToken ? ", error=\"invalid_token\"" : "");
        Response.ResponseBuilder response = Response.status(401)
                .type(ApiProblem.MEDIA_TYPE)
                .entity(new ApiProblem(
                        ApiProblem.TYPE_BASE + "unauthenticated",
                        "Authentication required",
                        401,
                        detail,
                        path,
                        List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, bearer);
        if (path.startsWith("/git/")) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"catalyst\"");
        }
        return response.build();
    }

    private static Response problem(
            ContainerRequestContext request, int status, String slug, String title, String detail) {
        return Response.status(status)
                .type(ApiProblem.MEDIA_TYPE)
                .entity(new ApiProblem(
                        ApiProblem.TYPE_BASE + slug,
                        title,
                        status,
                        detail,
                        request.getUriInfo().getPath(),
                        List.of()))
                .build();
    }
}
