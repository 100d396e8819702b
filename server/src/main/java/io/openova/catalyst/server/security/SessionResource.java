package io.openova.catalyst.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.identity.accounts.LocalAccounts;
import io.openova.catalyst.identity.accounts.LoginResult;
import io.openova.catalyst.identity.oidc.InvalidTokenException;
import io.openova.catalyst.identity.oidc.OidcClient;
import io.openova.catalyst.identity.oidc.OidcSessions;
import io.openova.catalyst.identity.oidc.ProviderMetadata;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.openova.catalyst.server.provisioning.RequestBodies;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions (docs/security.md). Local accounts: log in with a password for a session cookie (the console) or a bearer
 * token (the CLI: the same token, from the body), change your password. Both modes: see who you are, log out, and
 * which login the console should offer. In OIDC mode the console's session comes from {@link OidcLoginResource}, and
 * its logout also answers where the browser ends the identity provider's session (RP-initiated logout).
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "session", description = "Login (password or the identity provider), logout, password change")
public class SessionResource {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionResource.class);

    private final Authenticator authenticator;
    private final IdentityConfig config;
    private final OidcClient oidcClient;

    SessionResource(Authenticator authenticator, IdentityConfig config, OidcClient oidcClient) {
        this.authenticator = authenticator;
        this.config = config;
        this.oidcClient = oidcClient;
    }

    /**
     * Who the request's credential stands for.
     *
     * @param csrfToken the token to send as {@value Sessions#CSRF_HEADER} on mutating requests of a cookie session
     * @param token the bearer token, only in the answer to a login
     * @param mustChangePassword the user must change the password before anything else
     */
    public record SessionView(
            String subject,
            Optional<String> organization,
            List<String> roles,
            String displayName,
            String mode,
            Optional<String> csrfToken,
            Optional<String> token,
            boolean mustChangePassword) {}

    @GET
    @PublicRoute("answers 401 itself when the credential is missing or stale")
    @Operation(summary = "The current session", description = "401 when there is none.")
    public SessionView current(@Context ContainerRequestContext request) {
        Credential credential =
                AuthorizationFilter.credential(request).orElseThrow(() -> unauthenticated("no session: log in first"));
        Caller caller;
        try {
            caller = authenticator.authenticate(credential);
        } catch (InvalidTokenException e) {
            throw unauthenticated(e.getMessage());
        }
        Optional<String> csrf = credential instanceof Credential.SessionCookie cookie
                ? authenticator.csrfToken(cookie)
                : Optional.empty();
        boolean mustChange = authenticator.mustChangePassword(caller);
        return view(caller, csrf, Optional.empty(), mustChange);
    }

    @POST
    @PublicRoute("the login: it checks the password")
    @Operation(summary = "Log in", description = "Local accounts only. Sets the session cookie and returns the token.")
    public Response login(JsonNode body) {
        LocalAccounts accounts = localAccounts();
        JsonNode request = RequestBodies.object(body, Set.of("username", "password"), Set.of("username", "password"));
        LoginResult result =
                accounts.login(RequestBodies.text(request, "username"), RequestBodies.text(request, "password"));
        return switch (result) {
            case LoginResult.Success success -> {
                Caller caller = accounts.authenticate(success.session().token())
                        .orElseThrow(() -> new IllegalStateException("a new session does not authenticate"));
                yield Response.ok(view(
                                caller,
                                Optional.of(success.session().csrfToken()),
                                Optional.of(success.session().token()),
                                success.mustChangePassword()))
                        .cookie(cookie(
                                success.session().token(), config.session().absoluteTimeout()))
                        .build();
            }
            case LoginResult.Failure.InvalidCredentials invalid ->
                refused(401, "invalid-credentials", "Login failed", "wrong username or password", invalid.retryAfter());
            case LoginResult.Failure.LockedOut locked ->
                refused(
                        429,
                        "locked-out",
                        "Account locked",
                        "too many failed logins: the account is locked until " + locked.until(),
                        locked.retryAfter());
        };
    }

    /**
     * The answer to the logout of a console session of the OIDC login, when the identity provider can end its own
     * session too.
     *
     * @param logoutUrl the provider's {@code end_session_endpoint} with the login's ID token as {@code id_token_hint},
     *     the {@code client_id} and the {@code post_logout_redirect_uri}: where the console sends the window
     */
    public record LogoutView(String logoutUrl) {
        @Override
        public String toString() {
            return "LogoutView[<redacted>]";
        }
    }

    @DELETE
    @PublicRoute("ends the presented session, whatever it is")
    @Operation(
            summary = "Log out",
            description = "Ends the session and clears the cookie: 204. For a console session of the OIDC login whose"
                    + " identity provider publishes an end_session_endpoint, 200 with logoutUrl: the window goes there"
                    + " to end the provider's session too (OpenID Connect RP-Initiated Logout).")
    public Response logout(@Context ContainerRequestContext request) {
        Optional<URI> atProvider = AuthorizationFilter.credential(request)
                .flatMap(authenticator::logout)
                .flatMap(login -> providerLogout(login, request.getUriInfo()));
        NewCookie cleared = cookie("", Duration.ZERO);
        return atProvider
                .map(url -> Response.ok(new LogoutView(url.toString()))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .cookie(cleared)
                        .build())
                .orElseGet(() -> Response.noContent().cookie(cleared).build());
    }

    /** The provider's logout address for the ended session's login; empty if the provider has none or is unknown. */
    private Optional<URI> providerLogout(OidcSessions.ProviderLogin login, UriInfo request) {
        try {
            ProviderMetadata provider = authenticator.verifier().orElseThrow().provider(login.issuer());
            Optional<URI> url = oidcClient.endSessionRequest(provider, login, postLogoutRedirectUri(request));
            LOGGER.info(
                    "OIDC logout subject={} issuer={} atProvider={}", login.subject(), login.issuer(), url.isPresent());
            return url;
        } catch (InvalidTokenException e) {
            LOGGER.warn(
                    "OIDC logout without the provider's end-session endpoint issuer={} reason={}",
                    login.issuer(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** The configured post-logout address, or the console's login page at the request's scheme and host. */
    private URI postLogoutRedirectUri(UriInfo request) {
        return config.oidc().postLogoutRedirectUri().map(URI::create).orElseGet(() -> request.getBaseUriBuilder()
                .replacePath("/console/")
                .replaceQuery(null)
                .fragment("/login")
                .build());
    }

    /**
     * How to log in here, for the console's login page.
     *
     * @param password {@code POST /api/v1/session} with a username and password (local accounts)
     * @param oidcLogin the browser login through the identity provider, {@code GET /api/v1/session/oidc}
     * @param organizationRequired that login needs {@code ?org=}: a realm per Organization
     */
    public record LoginMethods(boolean password, boolean oidcLogin, boolean organizationRequired) {}

    @GET
    @Path("/methods")
    @PublicRoute("tells anyone which login form to show; nothing about users or Organizations")
    @Operation(summary = "Login methods", description = "Which login the console shows: password or OIDC.")
    public LoginMethods methods() {
        boolean oidc = authenticator.oidcMode();
        return new LoginMethods(
                !oidc, oidc, oidc && config.oidc().issuerPrefix().isPresent());
    }

    @POST
    @Path("/password")
    @PublicRoute("checks the session and the current password itself")
    @Operation(summary = "Change the password", description = "Ends the user's other sessions.")
    public Response changePassword(JsonNode body, @Context ContainerRequestContext request) {
        LocalAccounts accounts = localAccounts();
        Credential credential =
                AuthorizationFilter.credential(request).orElseThrow(() -> unauthenticated("no session: log in first"));
        Caller caller;
        try {
            caller = authenticator.authenticate(credential);
        } catch (InvalidTokenException e) {
            throw unauthenticated(e.getMessage());
        }
        if (credential instanceof Credential.SessionCookie cookie
                && !authenticator.csrfValid(cookie, request.getHeaderString(Sessions.CSRF_HEADER))) {
            throw new ApiException(
                    403,
                    "csrf",
                    "CSRF token missing or wrong",
                    "send the session's " + Sessions.CSRF_HEADER + " header",
                    List.of());
        }
        JsonNode fields = RequestBodies.object(
                body, Set.of("currentPassword", "newPassword"), Set.of("currentPassword", "newPassword"));
        try {
            LoginResult result = accounts.changePassword(
                    caller.subject(),
                    RequestBodies.text(fields, "currentPassword"),
                    RequestBodies.text(fields, "newPassword"));
            return switch (result) {
                case LoginResult.Success success ->
                    Response.ok(view(
                                    caller,
                                    Optional.of(success.session().csrfToken()),
                                    Optional.of(success.session().token()),
                                    false))
                            .cookie(cookie(
                                    success.session().token(), config.session().absoluteTimeout()))
                            .build();
                case LoginResult.Failure.InvalidCredentials invalid ->
                    refused(
                            403,
                            "invalid-credentials",
                            "Password not changed",
                            "the current password is wrong",
                            invalid.retryAfter());
                case LoginResult.Failure.LockedOut locked ->
                    refused(
                            429,
                            "locked-out",
                            "Account locked",
                            "too many failed attempts: the account is locked until " + locked.until(),
                            locked.retryAfter());
            };
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(List.of(ApiProblem.FieldError.pointer("/newPassword", detail(e))));
        }
    }

    /** "password: must be at least 12 characters" without its field prefix. */
    private static String detail(IllegalArgumentException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }

    private LocalAccounts localAccounts() {
        return authenticator
                .accounts()
                .orElseThrow(() -> new ApiException(
                        409,
                        "oidc-mode",
                        "Local accounts are off",
                        "this Catalyst signs in through its OIDC provider; local logins are not accepted",
                        List.of()));
    }

    private SessionView view(Caller caller, Optional<String> csrf, Optional<String> token, boolean mustChangePassword) {
        return new SessionView(
                caller.subject(),
                caller.organization(),
                caller.roles().stream().map(Role::claimName).sorted().toList(),
                caller.displayName(),
                authenticator.oidcMode() ? "oidc" : "local",
                csrf,
                token,
                mustChangePassword);
    }

    private NewCookie cookie(String value, Duration maxAge) {
        return sessionCookie(config, value, maxAge);
    }

    /** The console's session cookie: {@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} unless turned off. */
    static NewCookie sessionCookie(IdentityConfig config, String value, Duration maxAge) {
        return new NewCookie.Builder(Sessions.COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(config.cookieSecure())
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) maxAge.toSeconds())
                .build();
    }

    private static Response refused(int status, String slug, String title, String detail, Duration retryAfter) {
        return Response.status(status)
                .type(ApiProblem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, Math.max(1, retryAfter.toSeconds()))
                .entity(new ApiProblem(
                        ApiProblem.TYPE_BASE + slug, title, status, detail, "/api/v1/session", List.of()))
                .build();
    }

    private static ApiException unauthenticated(String detail) {
        return new ApiException(401, "unauthenticated", "Authentication required", detail, List.of());
    }
}
