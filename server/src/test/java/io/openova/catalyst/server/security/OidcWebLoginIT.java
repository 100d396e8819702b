package io.openova.catalyst.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openova.catalyst.identity.Organization;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.server.provisioning.ProvisioningApi;
import io.openova.catalyst.testing.keycloak.KeycloakServer;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's browser login through a real Keycloak, hop by hop, as a browser would make it: Catalyst → Keycloak's
 * login form → Catalyst's callback → the console, with the session cookie. Redirects are never followed
 * automatically, so that every hop is checked, and nothing Catalyst answers may carry a token (but for the logout's
 * answer, which holds Keycloak's logout address with the ID token as its hint: {@link OidcLogoutIT}).
 */
@QuarkusTest
@TestProfile(OidcLoginProfile.class)
@Anonymous
class OidcWebLoginIT {
    private static final String PASSWORD = "test-password";
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"", Pattern.DOTALL);
    /** A JWS in compact form: what an access or ID token looks like. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}");

    private final ObjectMapper json = new ObjectMapper();
    /**
     * Cookies are handled by hand: Catalyst's to check their attributes, and Keycloak's because it marks them
     * {@code Secure}, which {@link java.net.CookieManager} then never sends over plain HTTP (browsers do, to 127.0.0.1).
     */
    private final HttpClient catalyst =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final HttpClient keycloak =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** Everything Catalyst answered: Location headers and bodies, searched for tokens after each test. */
    private final List<String> answers = new ArrayList<>();

    /** Where the last {@link #logIn} landed. */
    private URI lastConsoleLocation;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void organization() throws Exception {
        OrganizationDirectory directory =
                Arc.container().instance(OrganizationDirectory.class).get();
        if (!directory.exists("acme")) {
            directory.create(new Organization(
                    "acme", "Acme", Organization.Tier.STANDARD, new Organization.Quota(50, 50, 1, 1), List.of()));
        }
    }

    @AfterEach
    void noTokenInAnyAnswer() {
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer).doesNotContainPattern(JWT);
            assertThat(answer).doesNotContain("access_token", "id_token", "refresh_token");
        });
    }

    @Test
    void shouldLogInThroughKeycloakIntoACookieSessionOfTheCallersOrganizationAndRoles() throws Exception {
        // Given: the start, to Keycloak with PKCE
        HttpResponse<String> start = catalystGet("/api/v1/session/oidc?org=acme&next=" + encode("#/orgs/acme"), "");
        assertThat(start.statusCode()).isEqualTo(302);
        URI authorization = URI.create(location(start));
        Map<String, String> query = query(authorization);
        assertThat(authorization.toString())
                .startsWith(KeycloakServer.shared().issuer("acme") + "/protocol/openid-connect/auth");
        assertThat(query)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("client_id", "catalyst")
                .containsEntry("response_type", "code")
                .containsEntry("scope", "openid")
                .containsEntry(
                        "redirect_uri",
                        base.resolve("/api/v1/session/oidc/callback").toString())
                .containsKeys("state", "nonce", "code_challenge");
        String loginCookie = setCookie(start, OidcLoginResource.COOKIE).orElseThrow();
        assertThat(loginCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");

        // When: the user signs in at Keycloak, and Keycloak sends the browser back
        URI callback = signInAtKeycloak(authorization, "acme-admin");
        HttpResponse<String> back = catalystGet(relative(callback), cookieHeader(loginCookie));

        // Then: the console, with a strict session cookie
        assertThat(back.statusCode()).isEqualTo(302);
        URI console = base.resolve(location(back));
        assertThat(console.getHost()).isEqualTo(base.getHost());
        assertThat(console.getPath()).isEqualTo("/console/");
        assertThat(console.getFragment()).isEqualTo("/orgs/acme");
        String sessionCookie = setCookie(back, Sessions.COOKIE).orElseThrow();
        assertThat(sessionCookie)
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .containsIgnoringCase("Secure");
        String session = cookieHeader(sessionCookie);

        HttpResponse<String> who = catalystGet("/api/v1/session", session);
        assertThat(who.statusCode()).as(who.body()).isEqualTo(200);
        JsonNode view = json.readTree(who.body());
        assertThat(view.path("organization").asText()).isEqualTo("acme");
        assertThat(view.path("roles").toString()).isEqualTo("[\"org-admin\"]");
        assertThat(view.path("displayName").asText()).isEqualTo("acme-admin");
        assertThat(view.path("mode").asText()).isEqualTo("oidc");
        assertThat(view.path("subject").asText()).isNotBlank();
        String csrf = view.path("csrfToken").asText();
        assertThat(csrf).isNotBlank();

        // And: changes need the CSRF token, then the role decides
        String env = ProvisioningApi.uniqueName("web");
        HttpResponse<String> withoutCsrf =
                catalystPost(ProvisioningApi.environments("acme"), session, Optional.empty(), env);
        HttpResponse<String> withCsrf =
                catalystPost(ProvisioningApi.environments("acme"), session, Optional.of(csrf), env);
        assertThat(withoutCsrf.statusCode()).isEqualTo(403);
        assertThat(withoutCsrf.body()).contains("csrf");
        assertThat(withCsrf.statusCode()).as(withCsrf.body()).isEqualTo(201);

        // And: logging out ends the session, and offers Keycloak's logout (OidcLogoutIT follows it)
        HttpResponse<String> logout = catalyst.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/session"))
                        .header("Cookie", session)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(json.readTree(logout.body()).path("logoutUrl").asText())
                .startsWith(KeycloakServer.shared().issuer("acme") + "/protocol/openid-connect/logout?id_token_hint=");
        assertThat(catalystGet("/api/v1/session", session).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldGiveADeveloperTheDevelopersRoleAndRefuseWhatOnlyAnAdminMay() throws Exception {
        // Given
        String session = logIn("acme-dev", "#/");
        String csrf = json.readTree(catalystGet("/api/v1/session", session).body())
                .path("csrfToken")
                .asText();

        // When
        HttpResponse<String> create = catalystPost(
                ProvisioningApi.environments("acme"), session, Optional.of(csrf), ProvisioningApi.uniqueName("dev"));

        // Then
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.body()).contains("/forbidden");
    }

    @Test
    void shouldRefuseAReplayedCallback() throws Exception {
        // Given: a login that went through once
        HttpResponse<String> start = catalystGet("/api/v1/session/oidc?org=acme", "");
        String loginCookie =
                cookieHeader(setCookie(start, OidcLoginResource.COOKIE).orElseThrow());
        URI callback = signInAtKeycloak(URI.create(location(start)), "acme-dev");
        assertThat(catalystGet(relative(callback), loginCookie).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));

        // When: the same callback again, cookie and all
        HttpResponse<String> replayed = catalystGet(relative(callback), loginCookie);

        // Then
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(location(replayed)).endsWith("/console/#/login?error=state");
        assertThat(setCookie(replayed, Sessions.COOKIE)).isEmpty();
    }

    @Test
    void shouldRefuseAForgedState() throws Exception {
        // Given
        HttpResponse<String> start = catalystGet("/api/v1/session/oidc?org=acme", "");
        String loginCookie =
                cookieHeader(setCookie(start, OidcLoginResource.COOKIE).orElseThrow());
        URI callback = signInAtKeycloak(URI.create(location(start)), "acme-dev");
        String forged = relative(callback).replaceAll("state=[^&]+", "state=forged");

        // When
        HttpResponse<String> answer = catalystGet(forged, loginCookie);

        // Then
        assertThat(location(answer)).endsWith("/console/#/login?error=state");
        assertThat(setCookie(answer, Sessions.COOKIE)).isEmpty();
    }

    @Test
    void shouldRefuseACallbackWithoutTheBrowsersLoginCookie() throws Exception {
        // Given: a callback carried to another browser
        HttpResponse<String> start = catalystGet("/api/v1/session/oidc?org=acme", "");
        URI callback = signInAtKeycloak(URI.create(location(start)), "acme-dev");

        // When
        HttpResponse<String> answer = catalystGet(relative(callback), "");

        // Then
        assertThat(location(answer)).endsWith("/console/#/login?error=state");
    }

    @Test
    void shouldSendTheUserBackToTheLoginPageWhenTheProviderDenies() throws Exception {
        // Given
        HttpResponse<String> start = catalystGet("/api/v1/session/oidc?org=acme", "");
        String loginCookie =
                cookieHeader(setCookie(start, OidcLoginResource.COOKIE).orElseThrow());
        String state = query(URI.create(location(start))).get("state");

        // When
        HttpResponse<String> answer =
                catalystGet("/api/v1/session/oidc/callback?error=access_denied&state=" + state, loginCookie);

        // Then
        assertThat(location(answer)).endsWith("/console/#/login?error=denied");
    }

    @Test
    void shouldStayOnTheConsoleWhateverNextSays() throws Exception {
        // When
        String session = logIn("acme-viewer", "https://evil.example");

        // Then
        assertThat(session).isNotBlank();
        assertThat(lastConsoleLocation).isEqualTo(base.resolve("/console/#/"));
    }

    @Test
    void shouldNameTheMissingOrganization() throws Exception {
        // When
        HttpResponse<String> missing = catalystGet("/api/v1/session/oidc", "");
        HttpResponse<String> malformed = catalystGet("/api/v1/session/oidc?org=Not_A_Name", "");

        // Then
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json.readTree(missing.body())
                        .path("errors")
                        .get(0)
                        .path("parameter")
                        .asText())
                .isEqualTo("org");
        assertThat(malformed.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldTellTheConsoleToOfferTheProvidersLoginWithAnOrganization() throws Exception {
        // When
        JsonNode methods =
                json.readTree(catalystGet("/api/v1/session/methods", "").body());

        // Then
        assertThat(methods.path("oidcLogin").asBoolean()).isTrue();
        assertThat(methods.path("organizationRequired").asBoolean()).isTrue();
        assertThat(methods.path("password").asBoolean()).isFalse();
    }

    @Test
    void shouldStillRefusePasswordLogins() throws Exception {
        // When
        HttpResponse<String> login = catalyst.send(
                HttpRequest.newBuilder(base.resolve("/api/v1/session"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"acme-dev\",\"password\":\"" + PASSWORD + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(login.statusCode()).isEqualTo(409);
    }

    /** The whole login; answers the Cookie header of the session. */
    private String logIn(String user, String next) throws Exception {
        HttpResponse<String> start = catalystGet("/api/v1/session/oidc?org=acme&next=" + encode(next), "");
        String loginCookie =
                cookieHeader(setCookie(start, OidcLoginResource.COOKIE).orElseThrow());
        URI callback = signInAtKeycloak(URI.create(location(start)), user);
        HttpResponse<String> back = catalystGet(relative(callback), loginCookie);
        lastConsoleLocation = base.resolve(location(back));
        return cookieHeader(setCookie(back, Sessions.COOKIE).orElseThrow());
    }

    /** Keycloak's login page, its form posted with the user's password: answers where Keycloak sends the browser. */
    private URI signInAtKeycloak(URI authorization, String user) throws IOException, InterruptedException {
        HttpResponse<String> page = keycloak.send(
                HttpRequest.newBuilder(authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("Keycloak's login page").isEqualTo(200);
        Matcher form = FORM_ACTION.matcher(page.body());
        assertThat(form.find()).as("a form on Keycloak's login page").isTrue();
        URI action = URI.create(form.group(1).replace("&amp;", "&"));
        String cookies = page.headers().allValues("Set-Cookie").stream()
                .map(OidcWebLoginIT::cookieHeader)
                .collect(Collectors.joining("; "));
        HttpResponse<String> posted = keycloak.send(
                HttpRequest.newBuilder(action)
                        .header("Cookie", cookies)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=" + encode(user) + "&password=" + encode(PASSWORD) + "&credentialId="))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode())
                .as("Keycloak's answer to the login form")
                .isEqualTo(302);
        URI callback = URI.create(location(posted));
        assertThat(callback.getPath()).isEqualTo("/api/v1/session/oidc/callback");
        assertThat(query(callback)).containsKeys("code", "state");
        return callback;
    }

    private HttpResponse<String> catalystGet(String pathAndQuery, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET();
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return record(catalyst.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> catalystPost(String path, String cookie, Optional<String> csrf, String env)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + env + "\"}"));
        csrf.ifPresent(token -> request.header(Sessions.CSRF_HEADER, token));
        return record(catalyst.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpResponse<String> record(HttpResponse<String> response) {
        response.headers().firstValue("Location").ifPresent(answers::add);
        answers.add(response.body());
        return response;
    }

    private String relative(URI callback) {
        return callback.getRawPath() + "?" + callback.getRawQuery();
    }

    private static String location(HttpResponse<String> response) {
        return response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError(
                        "no Location in an answer of " + response.statusCode() + ": " + response.body()));
    }

    private static Optional<String> setCookie(HttpResponse<String> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "=") && !c.startsWith(name + "=;") && !c.startsWith(name + "=\"\""))
                .findFirst();
    }

    private static String cookieHeader(String setCookie) {
        return setCookie.split(";", 2)[0];
    }

    private static Map<String, String> query(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        p -> p[0],
                        p -> java.net.URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8),
                        (a, b) -> b));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
