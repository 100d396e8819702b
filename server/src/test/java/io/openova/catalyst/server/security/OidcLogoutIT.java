package io.openova.catalyst.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.testing.keycloak.Jwt;
import io.openova.catalyst.testing.keycloak.KeycloakAdmin;
import io.openova.catalyst.testing.keycloak.KeycloakRealms;
import io.openova.catalyst.testing.keycloak.KeycloakServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Single logout of the console's OIDC sessions against the real Keycloak, both ways: the console's logout ends the
 * Keycloak session (RP-initiated logout), and a logout at Keycloak ends the console session (back-channel logout).
 *
 * <p>The test has a realm of its own, a copy of {@code acme} whose {@code catalyst} client sends its back-channel
 * logouts to this Catalyst: the port is known only once Quarkus has started, and the shared realms must stay as they
 * are. Every hop is made by hand, as in {@link OidcWebLoginIT}; each "browser" keeps Keycloak's cookies in a jar.
 */
@QuarkusTest
@TestProfile(OidcLoginProfile.class)
@Anonymous
class OidcLogoutIT {
    /** The test's own realm: a name no other test uses, which Catalyst takes for an Organization's. */
    private static final String REALM = "slo-" + UUID.randomUUID().toString().substring(0, 8);

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]+)\"", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean realmCreated;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final KeycloakServer keycloak = KeycloakServer.shared();
    private final KeycloakAdmin admin = keycloak.admin();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void realmThatCallsThisCatalyst() {
        synchronized (OidcLogoutIT.class) {
            if (realmCreated) {
                return;
            }
            String backchannel =
                    base.resolve(OidcLoginResource.BACKCHANNEL_LOGOUT).toString();
            admin.createRealm(KeycloakRealms.ACME, REALM, realm -> {
                realm.put("displayName", "Single logout");
                for (JsonNode client : realm.path("clients")) {
                    if (KeycloakRealms.CLIENT.equals(client.path("clientId").asText())) {
                        ((ObjectNode) client.path("attributes")).put("backchannel.logout.url", backchannel);
                    }
                }
            });
            realmCreated = true;
        }
    }

    @AfterAll
    static void deleteRealm() {
        if (realmCreated) {
            KeycloakServer.shared().admin().deleteRealm(REALM);
        }
    }

    @Test
    void shouldEndTheKeycloakSessionWhenTheConsoleLogsOutAndTheBrowserFollowsTheLogoutUrl() throws Exception {
        // Given: a console session, and Keycloak's session, which signs the browser in again without a form
        Browser browser = new Browser();
        String session = browser.logIn("acme-dev");
        assertThat(browser.startLogin().statusCode())
                .as("Keycloak's single sign-on before the logout")
                .isEqualTo(302);

        // When: the console logs out, and the window goes where the answer says
        HttpResponse<String> logout = catalyst("DELETE", "/api/v1/session", session, null);
        URI logoutUrl =
                URI.create(JSON.readTree(logout.body()).path("logoutUrl").asText());
        HttpResponse<String> atKeycloak = browser.visit(logoutUrl);

        // Then: the answer sends the browser to Keycloak's end-session endpoint with the ID token as the hint
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(logout.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie ->
                        assertThat(cookie).startsWith(Sessions.COOKIE + "=").containsIgnoringCase("Max-Age=0"));
        assertThat(logoutUrl.getScheme() + "://" + logoutUrl.getRawAuthority() + logoutUrl.getRawPath())
                .isEqualTo(keycloak.issuer(REALM) + "/protocol/openid-connect/logout");
        Map<String, String> query = query(logoutUrl);
        String consoleLogin = base.resolve("/console/#/login").toString();
        assertThat(query.keySet()).containsExactlyInAnyOrder("id_token_hint", "post_logout_redirect_uri", "client_id");
        assertThat(query)
                .containsEntry("client_id", "catalyst")
                .containsEntry("post_logout_redirect_uri", consoleLogin);
        Jwt hint = Jwt.decode(query.get("id_token_hint"));
        assertThat(hint.string("typ")).contains("ID");
        assertThat(hint.string("sub")).contains(admin.userId(REALM, "acme-dev"));
        // And: Keycloak ended its session and sent the browser back to the console's login page
        assertThat(atKeycloak.statusCode()).as(atKeycloak.body()).isEqualTo(302);
        assertThat(atKeycloak.headers().firstValue("Location")).contains(consoleLogin);
        assertThat(admin.userSessions(REALM, admin.userId(REALM, "acme-dev")))
                .doesNotContain(hint.string("sid").orElseThrow());
        assertThat(catalyst("GET", "/api/v1/session", session, null).statusCode())
                .isEqualTo(401);
        // And: the next login asks for the password again, even with the cookies Keycloak had before the logout
        HttpResponse<String> again = browser.startLogin();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(FORM_ACTION.matcher(again.body()).find()).isTrue();
    }

    @Test
    void shouldEndTheConsoleSessionWhenKeycloakLogsTheUserOut() throws Exception {
        // Given: the user and another one, each with a console session
        String session = new Browser().logIn("acme-viewer");
        String other = new Browser().logIn("acme-admin");

        // When: an administrator logs the user out at Keycloak
        admin.logOutUser(REALM, admin.userId(REALM, "acme-viewer"));

        // Then: Keycloak told Catalyst on the back channel
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        catalyst("GET", "/api/v1/session", session, null).statusCode())
                .isEqualTo(401));
        assertThat(catalyst("GET", "/api/v1/session", other, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldEndOnlyTheConsoleSessionOfTheKeycloakSessionThatEnded() throws Exception {
        // Given: one user, logged in from two browsers: two Keycloak sessions, two console sessions
        String userId = admin.userId(REALM, "acme-admin");
        List<String> before = admin.userSessions(REALM, userId);
        String first = new Browser().logIn("acme-admin");
        List<String> afterFirst = new ArrayList<>(admin.userSessions(REALM, userId));
        afterFirst.removeAll(before);
        String second = new Browser().logIn("acme-admin");
        assertThat(afterFirst).hasSize(1);

        // When: Keycloak ends the first browser's session only
        admin.endSession(REALM, afterFirst.getFirst());

        // Then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        catalyst("GET", "/api/v1/session", first, null).statusCode())
                .isEqualTo(401));
        assertThat(catalyst("GET", "/api/v1/session", second, null).statusCode())
                .isEqualTo(200);
    }

    /** Logout tokens the back-channel route must refuse. */
    enum BadToken {
        MISSING("missing"),
        UNSIGNED("not valid"),
        TAMPERED("signature"),
        UNTRUSTED_ISSUER("issuer is not trusted"),
        OTHER_AUDIENCE("audience"),
        ACCESS_TOKEN_WITHOUT_EVENTS("events"),
        ID_TOKEN_WITH_NONCE("nonce");

        private final String reason;

        BadToken(String reason) {
            this.reason = reason;
        }
    }

    @ParameterizedTest
    @EnumSource(BadToken.class)
    void shouldRefuseNamingTheLogoutTokenAndEndNoSessionWhenTheTokenIsBad(BadToken bad) throws Exception {
        // Given: the user's console session, and a bad token about it
        String session = new Browser().logIn("acme-dev");
        String form = bad == BadToken.MISSING ? "" : "logout_token=" + encode(token(bad));

        // When
        HttpResponse<String> answer = catalyst("POST", OidcLoginResource.BACKCHANNEL_LOGOUT, "", form);

        // Then
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("errors").get(0).path("parameter").asText()).isEqualTo("logout_token");
        assertThat(problem.path("detail").asText()).contains("logout_token", bad.reason);
        assertThat(catalyst("GET", "/api/v1/session", session, null).statusCode())
                .isEqualTo(200);
    }

    /** A token of kind {@code bad}, about the user {@code acme-dev} of the test's realm. */
    private String token(BadToken bad) throws Exception {
        String issuer = keycloak.issuer(REALM);
        return switch (bad) {
            case MISSING -> throw new IllegalArgumentException("a missing token has no value");
            case UNSIGNED -> base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(logoutClaims(issuer)) + ".";
            case TAMPERED -> {
                String[] real = keycloak.accessToken(REALM, "acme-dev", KeycloakRealms.PASSWORD)
                        .split("\\.");
                yield real[0] + "." + base64(logoutClaims(issuer)) + "." + real[2];
            }
            case UNTRUSTED_ISSUER -> {
                RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
                key.setKeyId("elsewhere");
                JsonWebSignature jws = new JsonWebSignature();
                jws.setPayload(logoutClaims("https://id.elsewhere.example/realms/" + REALM));
                jws.setKey(key.getPrivateKey());
                jws.setKeyIdHeaderValue(key.getKeyId());
                jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
                yield jws.getCompactSerialization();
            }
            case OTHER_AUDIENCE ->
                keycloak.accessToken(REALM, KeycloakRealms.OTHER_AUDIENCE_CLIENT, "acme-dev", KeycloakRealms.PASSWORD);
            case ACCESS_TOKEN_WITHOUT_EVENTS -> keycloak.accessToken(REALM, "acme-dev", KeycloakRealms.PASSWORD);
            case ID_TOKEN_WITH_NONCE -> new Browser().idTokenWithNonce("acme-dev");
        };
    }

    /** The claims of a logout token Keycloak would send for {@code acme-dev}, of {@code issuer}. */
    private String logoutClaims(String issuer) {
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", issuer)
                .put("aud", KeycloakRealms.CLIENT)
                .put("sub", admin.userId(REALM, "acme-dev"))
                .put("iat", now)
                .put("exp", now + 120)
                .put("jti", UUID.randomUUID().toString());
        claims.putObject("events").putObject("http://schemas.openid.net/event/backchannel-logout");
        return claims.toString();
    }

    private HttpResponse<String> catalyst(String method, String path, String cookie, String form)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(
                        method,
                        form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (!cookie.isEmpty()) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * One browser: Keycloak's cookies in a jar of its own, by hand, because Keycloak marks them {@code Secure}, which
     * {@link java.net.CookieManager} never sends over plain HTTP (browsers do, to loopback).
     */
    private final class Browser {
        private final Map<String, String> keycloakCookies = new LinkedHashMap<>();
        private String loginCookie = "";

        /** The whole login through Keycloak's form: answers the Cookie header of the console session. */
        String logIn(String user) throws Exception {
            HttpResponse<String> form = startLogin();
            assertThat(form.statusCode()).as("Keycloak's login page").isEqualTo(200);
            URI callback = signIn(form, user);
            assertThat(callback.getPath()).isEqualTo(OidcLoginResource.CALLBACK);
            HttpResponse<String> back =
                    catalyst("GET", callback.getRawPath() + "?" + callback.getRawQuery(), loginCookie, null);
            assertThat(back.headers().firstValue("Location"))
                    .hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
            return back.headers().allValues("Set-Cookie").stream()
                    .filter(cookie -> cookie.startsWith(Sessions.COOKIE + "=")
                            && !cookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0"))
                    .map(cookie -> cookie.split(";", 2)[0])
                    .findFirst()
                    .orElseThrow();
        }

        /** Catalyst's login start, then Keycloak's answer to it: its form (200), or straight back (302) while signed in. */
        HttpResponse<String> startLogin() throws Exception {
            HttpResponse<String> start = catalyst("GET", "/api/v1/session/oidc?org=" + REALM, "", null);
            loginCookie = start.headers().allValues("Set-Cookie").stream()
                    .filter(cookie -> cookie.startsWith(OidcLoginResource.COOKIE + "="))
                    .map(cookie -> cookie.split(";", 2)[0])
                    .findFirst()
                    .orElseThrow();
            return visit(URI.create(start.headers().firstValue("Location").orElseThrow()));
        }

        /**
         * An ID token with a nonce, as a login's: the code flow with PKCE at Keycloak as client {@code catalyst},
         * with the code exchanged here instead of at Catalyst.
         */
        String idTokenWithNonce(String user) throws Exception {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            String challenge = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String redirect = base.resolve(OidcLoginResource.CALLBACK).toString();
            URI authorization = URI.create(keycloak.issuer(REALM) + "/protocol/openid-connect/auth?response_type=code"
                    + "&client_id=catalyst&scope=openid&state=s&nonce=n-" + UUID.randomUUID()
                    + "&code_challenge_method=S256&code_challenge=" + challenge + "&redirect_uri="
                    + encode(redirect));
            URI callback = signIn(visit(authorization), user);
            HttpResponse<String> tokens = http.send(
                    HttpRequest.newBuilder(URI.create(keycloak.tokenEndpoint(REALM)))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=catalyst"
                                    + "&code=" + encode(query(callback).get("code")) + "&code_verifier=" + verifier
                                    + "&redirect_uri=" + encode(redirect)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            String idToken = JSON.readTree(tokens.body()).path("id_token").asText();
            assertThat(Jwt.decode(idToken).string("nonce")).isPresent();
            return idToken;
        }

        /** Keycloak's login form posted with the user's password: answers where Keycloak sends the browser. */
        private URI signIn(HttpResponse<String> page, String user) throws Exception {
            Matcher form = FORM_ACTION.matcher(page.body());
            assertThat(form.find()).as("a form on Keycloak's login page").isTrue();
            URI action = URI.create(form.group(1).replace("&amp;", "&"));
            HttpResponse<String> posted = send(HttpRequest.newBuilder(action)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(user) + "&password="
                            + encode(KeycloakRealms.PASSWORD) + "&credentialId=")));
            assertThat(posted.statusCode())
                    .as("Keycloak's answer to the login form")
                    .isEqualTo(302);
            return URI.create(posted.headers().firstValue("Location").orElseThrow());
        }

        /** A GET at Keycloak, with the jar's cookies. */
        HttpResponse<String> visit(URI uri) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(uri).GET());
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!keycloakCookies.isEmpty()) {
                request.header(
                        "Cookie",
                        keycloakCookies.entrySet().stream()
                                .map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                                .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            keep(response);
            return response;
        }

        /**
         * Keeps the cookies Keycloak sets, but none that it clears: after a logout, the jar still holds the cookies of
         * the ended session, so a test sees that Keycloak ended the session itself, not just the browser's cookies.
         */
        private void keep(HttpResponse<String> response) {
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String[] pair = setCookie.split(";", 2)[0].split("=", 2);
                boolean clears = pair.length < 2
                        || pair[1].isEmpty()
                        || setCookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
                if (!clears) {
                    keycloakCookies.put(pair[0], pair[1]);
                }
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        p -> p[0],
                        p -> URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8),
                        (a, b) -> b));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
