package io.openova.catalyst.server.security;

import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.oidc.BackchannelLogout;
import io.openova.catalyst.identity.oidc.IdTokenClaims;
import io.openova.catalyst.identity.oidc.InvalidTokenException;
import io.openova.catalyst.identity.oidc.OidcClient;
import io.openova.catalyst.identity.oidc.OidcSessions;
import io.openova.catalyst.identity.oidc.OidcSettings;
import io.openova.catalyst.identity.oidc.OidcTokenVerifier;
import io.openova.catalyst.identity.oidc.PendingLogins;
import io.openova.catalyst.identity.oidc.ProviderMetadata;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's login in the OIDC mode: the authorization code flow with PKCE, backend-for-frontend style
 * (docs/security.md). The browser only ever holds two opaque cookies of Catalyst's: {@value #COOKIE} while the login
 * is at the identity provider, then the console session {@value Sessions#COOKIE}. The provider's tokens stay on the
 * server and never appear in an answer or a URL, but for the ID token in the provider's own logout address (see
 * {@link SessionResource#logout}). Also the provider's back-channel logout, which ends the console sessions of a
 * session that ended at the provider.
 *
 * <p>Failures at the callback send the browser back to the console's login page with a short code, {@code
 * #/login?error=<code>}: {@code state} (no pending login for this browser, expired, replayed or forged), {@code
 * denied} (the user or the provider said no), {@code provider} (the provider reported another error or could not be
 * reached), {@code exchange} (the code was refused), {@code token} (the tokens did not verify).
 */
@Path("/api/v1/session/oidc")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "session", description = "Login (password or the identity provider), logout, password change")
public class OidcLoginResource {
    private static final Logger LOGGER = LoggerFactory.getLogger(OidcLoginResource.class);
    /** The cookie binding a pending login to the browser that started it. */
    static final String COOKIE = "catalyst_oidc";

    static final String CALLBACK = "/api/v1/session/oidc/callback";
    static final String BACKCHANNEL_LOGOUT = "/api/v1/session/oidc/backchannel-logout";
    /** The form parameter of the provider's back-channel logout. */
    static final String LOGOUT_TOKEN = "logout_token";

    private static final String COOKIE_PATH = "/api/v1/session/oidc";
    private static final int MAX_ORGANIZATION_LENGTH = 40;
    /** Console hash routes only: {@code #/} or {@code #/x…}, never a scheme, a host or {@code //}. */
    private static final Pattern NEXT = Pattern.compile("#/([-A-Za-z0-9._~?=&%][-A-Za-z0-9._~/?=&%]{0,500})?");

    private final Authenticator authenticator;
    private final IdentityConfig config;
    private final PendingLogins pending;
    private final OidcClient client;
    /** The provider's logout tokens, in the OIDC mode. */
    private final Optional<BackchannelLogout> backchannel;

    OidcLoginResource(Authenticator authenticator, IdentityConfig config, Clock clock, OidcClient client) {
        this.authenticator = authenticator;
        this.config = config;
        this.pending = new PendingLogins(
                clock, new SecureRandom(), PendingLogins.DEFAULT_TIMEOUT, PendingLogins.DEFAULT_CAPACITY);
        this.client = client;
        this.backchannel = authenticator
                .verifier()
                .map(verifier -> new BackchannelLogout(
                        verifier,
                        authenticator.oidcSessions().orElseThrow(),
                        client.clientId(),
                        clock,
                        BackchannelLogout.DEFAULT_CAPACITY));
    }

    @GET
    @PublicRoute("starts the browser login: the identity provider authenticates the user")
    @Operation(
            summary = "Start the browser login",
            description = "OIDC mode only. Redirects to the identity provider; ?org= picks the realm when each"
                    + " Organization has its own, ?next= the console route to return to.")
    public Response start(@QueryParam("org") String org, @QueryParam("next") String next, @Context UriInfo request) {
        OidcTokenVerifier verifier = verifier();
        String issuer = issuer(verifier.settings().tenancy(), org);
        URI authorization;
        PendingLogins.Started started;
        try {
            ProviderMetadata provider = verifier.provider(issuer);
            started = pending.start(issuer, safeNext(next));
            authorization = client.authorizationRequest(provider, redirectUri(request), started.login());
        } catch (InvalidTokenException e) {
            LOGGER.warn("OIDC login cannot start issuer={} reason={}", issuer, e.getMessage());
            return toLogin("provider");
        }
        return Response.status(Response.Status.FOUND)
                .location(authorization)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(loginCookie(started.binding(), PendingLogins.DEFAULT_TIMEOUT))
                .build();
    }

    @GET
    @Path("/callback")
    @PublicRoute("the identity provider's redirect back: the state bound to the browser's login cookie checks it")
    @Operation(
            summary = "Finish the browser login",
            description = "Exchanges the code, verifies the tokens, sets the console's session cookie and redirects"
                    + " to the console; on failure to the console's login page with ?error=.")
    public Response callback(
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String error,
            @CookieParam(COOKIE) String binding,
            @Context UriInfo request) {
        OidcTokenVerifier verifier = verifier();
        Optional<PendingLogins.PendingLogin> taken = pending.take(binding, state);
        if (taken.isEmpty()) {
            LOGGER.warn("OIDC login refused: no pending login for this browser and state");
            return toLogin("state");
        }
        PendingLogins.PendingLogin login = taken.get();
        if (error != null) {
            LOGGER.info("OIDC login ended at the provider issuer={} error={}", login.issuer(), printable(error));
            return toLogin("access_denied".equals(error) ? "denied" : "provider");
        }
        if (code == null || code.isBlank()) {
            return toLogin("provider");
        }
        OidcClient.Tokens tokens;
        try {
            tokens = client.exchange(verifier.provider(login.issuer()), code, redirectUri(request), login);
        } catch (InvalidTokenException e) {
            LOGGER.warn("OIDC code exchange failed issuer={} reason={}", login.issuer(), e.getMessage());
            return toLogin("exchange");
        }
        Caller caller;
        IdTokenClaims idToken;
        try {
            caller = verifier.verify(tokens.accessToken(), login.issuer());
            idToken = verifier.verifyIdToken(tokens.idToken(), login.issuer(), client.clientId(), login.nonce());
        } catch (InvalidTokenException e) {
            LOGGER.warn("OIDC login tokens refused issuer={} reason={}", login.issuer(), e.getMessage());
            return toLogin("token");
        }
        OidcSessions.Session session = authenticator
                .oidcSessions()
                .orElseThrow()
                .open(
                        caller,
                        new OidcSessions.ProviderLogin(
                                login.issuer(), idToken.subject(), idToken.sessionId(), tokens.idToken()));
        LOGGER.info(
                "OIDC login subject={} organization={}",
                caller.subject(),
                caller.organization().orElse("-"));
        return Response.status(Response.Status.FOUND)
                .location(URI.create("/console/" + login.next()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(
                        SessionResource.sessionCookie(
                                config, session.token(), config.session().absoluteTimeout()),
                        loginCookie("", Duration.ZERO))
                .build();
    }

    @POST
    @Path("/backchannel-logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @PublicRoute(
            "the identity provider's back-channel logout: a logout token signed by a trusted issuer authenticates it")
    @Operation(
            summary = "Back-channel logout",
            description = "OIDC mode only; called by the identity provider (OpenID Connect Back-Channel Logout 1.0)"
                    + " when a user's session there ends. Verifies the form parameter logout_token and ends the"
                    + " console sessions of its sid and/or sub: 200. 400 problem+json naming logout_token when it is"
                    + " missing or invalid; nothing ends then.")
    public Response backchannelLogout(@FormParam(LOGOUT_TOKEN) String logoutToken) {
        BackchannelLogout logouts = backchannel.orElseThrow(OidcLoginResource::localMode);
        try {
            BackchannelLogout.Outcome outcome = logouts.logout(logoutToken);
            LOGGER.info(
                    "OIDC back-channel logout issuer={} sid={} subject={} sessionsEnded={}",
                    outcome.token().issuer(),
                    outcome.token().sessionId().orElse("-"),
                    outcome.token().subject().orElse("-"),
                    outcome.sessionsEnded());
            return Response.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        } catch (InvalidTokenException e) {
            LOGGER.warn("OIDC back-channel logout refused reason={}", e.getMessage());
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(ApiProblem.MEDIA_TYPE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .entity(new ApiProblem(
                            ApiProblem.TYPE_BASE + "invalid-request",
                            "Invalid request",
                            400,
                            "form parameter '" + LOGOUT_TOKEN + "': " + e.getMessage(),
                            BACKCHANNEL_LOGOUT,
                            List.of(ApiProblem.FieldError.parameter(LOGOUT_TOKEN, e.getMessage()))))
                    .build();
        }
    }

    private OidcTokenVerifier verifier() {
        return authenticator.verifier().orElseThrow(OidcLoginResource::localMode);
    }

    private static ApiException localMode() {
        return new ApiException(
                409,
                "local-mode",
                "OIDC login is off",
                "this Catalyst keeps its own accounts: log in with POST /api/v1/session",
                List.of());
    }

    /**
     * The issuer to log in at. A realm per Organization: {@code <prefix><org>}, for any well-formed name, without
     * looking at the Organization directory, so this public route tells nothing about which Organizations exist.
     */
    private static String issuer(OidcSettings.Tenancy tenancy, String org) {
        return switch (tenancy) {
            case OidcSettings.SovereignRealm sovereign -> sovereign.issuer().toString();
            case OidcSettings.RealmPerOrganization perOrg -> {
                if (org == null || org.isBlank()) {
                    throw ApiException.badRequest(List.of(ApiProblem.FieldError.parameter(
                            "org", "required: the Organization whose identity provider to log in with")));
                }
                Optional<String> problem = Names.problem(org)
                        .or(() -> org.length() > MAX_ORGANIZATION_LENGTH
                                ? Optional.of("must be at most " + MAX_ORGANIZATION_LENGTH + " characters")
                                : Optional.empty());
                if (problem.isPresent()) {
                    throw ApiException.badRequest(List.of(ApiProblem.FieldError.parameter("org", problem.get())));
                }
                yield perOrg.issuerPrefix() + org;
            }
        };
    }

    /** The console route to return to: a hash route of the console, or the start page. */
    static String safeNext(String next) {
        return next != null && NEXT.matcher(next).matches() ? next : "#/";
    }

    private URI redirectUri(UriInfo request) {
        return config.oidc().redirectUri().map(URI::create).orElseGet(() -> request.getBaseUriBuilder()
                .replacePath(CALLBACK)
                .replaceQuery(null)
                .build());
    }

    private Response toLogin(String error) {
        return Response.status(Response.Status.FOUND)
                .location(URI.create("/console/#/login?error=" + error))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(loginCookie("", Duration.ZERO))
                .build();
    }

    /**
     * The login cookie: {@code SameSite=Lax}, because the callback is a top-level navigation from the provider's
     * site, which a {@code Strict} cookie would not be sent with; only sent to the login's own two routes.
     */
    private NewCookie loginCookie(String value, Duration maxAge) {
        return new NewCookie.Builder(COOKIE)
                .value(value)
                .path(COOKIE_PATH)
                .httpOnly(true)
                .secure(config.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX)
                .maxAge((int) maxAge.toSeconds())
                .build();
    }

    /** An OAuth error code as the provider sent it, cut short and reduced to what is safe in a log line. */
    private static String printable(String error) {
        String cleaned = error.replaceAll("[^A-Za-z0-9_.-]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
