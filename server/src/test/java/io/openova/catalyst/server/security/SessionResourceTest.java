package io.openova.catalyst.server.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.identity.Role;
import io.openova.catalyst.server.provisioning.ProvisioningApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The local-accounts mode over HTTP: login, cookie and bearer sessions, CSRF, password change, lockout, logout. */
@QuarkusTest
@Anonymous
class SessionResourceTest {
    private final String org = TestIdentity.organization(ProvisioningApi.uniqueName("sess"));

    /** A new user of {@link #org}, with a password that need not change; returns the username. */
    private String user(Role role) {
        String username = ProvisioningApi.uniqueName("u");
        TestIdentity.token(username, Optional.of(org), Set.of(role));
        return username;
    }

    private static Response login(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/v1/session");
    }

    @Test
    void shouldSetAStrictHttpOnlyCookieAndAnswerWhoWhenPasswordIsRight() {
        // Given
        String username = user(Role.DEVELOPER);

        // When
        Response response = login(username, TestIdentity.PASSWORD);

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.jsonPath().getString("subject")).isEqualTo(username);
        assertThat(response.jsonPath().getString("organization")).isEqualTo(org);
        assertThat(response.jsonPath().getList("roles", String.class)).containsExactly("developer");
        assertThat(response.jsonPath().getString("mode")).isEqualTo("local");
        String cookie = response.getHeader("Set-Cookie");
        assertThat(cookie)
                .startsWith(Sessions.COOKIE + "=" + response.jsonPath().getString("token"))
                .contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/");
    }

    @Test
    void shouldAnswerTheSameRefusalWhenUserIsUnknownOrPasswordIsWrong() {
        // Given
        String username = user(Role.VIEWER);

        // When
        Response wrong = login(username, "not-the-password-1");
        Response unknown = login("nobody-" + username, "not-the-password-1");

        // Then
        for (Response response : java.util.List.of(wrong, unknown)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("detail")).isEqualTo("wrong username or password");
            assertThat(response.getHeader("Retry-After")).isNotBlank();
            assertThat(response.getHeader("Set-Cookie")).isNull();
        }
    }

    @Test
    void shouldLockTheAccountEvenForTheRightPasswordWhenLoginsFailFiveTimes() {
        // Given
        String username = user(Role.VIEWER);
        for (int i = 0; i < 5; i++) {
            login(username, "guess-number-" + i);
        }

        // When
        Response response = login(username, TestIdentity.PASSWORD);

        // Then
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.jsonPath().getString("detail")).contains("locked until");
        assertThat(Integer.parseInt(response.getHeader("Retry-After"))).isPositive();
    }

    @Test
    void shouldRefuseAMutatingCookieRequestWithoutTheCsrfTokenAndAcceptItWithIt() {
        // Given
        Response session = login(user(Role.ORG_ADMIN), TestIdentity.PASSWORD);
        String cookie = session.jsonPath().getString("token");
        String csrf = session.jsonPath().getString("csrfToken");

        // When
        Response without = given().cookie(Sessions.COOKIE, cookie)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "dev"))
                .post(ProvisioningApi.environments(org));
        Response wrong = given().cookie(Sessions.COOKIE, cookie)
                .header(Sessions.CSRF_HEADER, "forged")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "dev"))
                .post(ProvisioningApi.environments(org));
        Response with = given().cookie(Sessions.COOKIE, cookie)
                .header(Sessions.CSRF_HEADER, csrf)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "dev"))
                .post(ProvisioningApi.environments(org));
        Response read = given().cookie(Sessions.COOKIE, cookie).get(ProvisioningApi.environments(org));

        // Then
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.jsonPath().getString("type")).endsWith("/csrf");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(with.statusCode()).as(with.asString()).isEqualTo(201);
        assertThat(read.jsonPath().getList("name", String.class)).containsExactly("dev");
    }

    @Test
    void shouldAnswerTheSessionWithItsCsrfTokenWhenCookieIsValid() {
        // Given
        Response session = login(user(Role.VIEWER), TestIdentity.PASSWORD);

        // When
        Response current = given().cookie(Sessions.COOKIE, session.jsonPath().getString("token"))
                .get("/api/v1/session");

        // Then
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.jsonPath().getString("csrfToken"))
                .isEqualTo(session.jsonPath().getString("csrfToken"));
        assertThat(current.jsonPath().getString("token")).isNull();
    }

    @Test
    void shouldEndTheSessionWhenLoggedOut() {
        // Given
        String token =
                login(user(Role.VIEWER), TestIdentity.PASSWORD).jsonPath().getString("token");

        // When
        Response logout = given().header("Authorization", "Bearer " + token).delete("/api/v1/session");

        // Then
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.getHeader("Set-Cookie"))
                .contains(Sessions.COOKIE + "=;")
                .contains("Max-Age=0");
        Response after = given().header("Authorization", "Bearer " + token).get(ProvisioningApi.environments(org));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(after.jsonPath().getString("detail")).isEqualTo("the session has expired or was ended");
        assertThat(after.getHeader("WWW-Authenticate")).contains("Bearer", "invalid_token");
    }

    @Test
    void shouldAnswerNoBodyWhenACookieSessionOfALocalAccountLogsOut() {
        // Given
        String token =
                login(user(Role.VIEWER), TestIdentity.PASSWORD).jsonPath().getString("token");

        // When
        Response logout = given().cookie(Sessions.COOKIE, token).delete("/api/v1/session");

        // Then: nothing to end elsewhere
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.asString()).isEmpty();
    }

    @Test
    void shouldRefuseTheBackchannelLogoutWhenCatalystKeepsItsOwnAccounts() {
        // When
        Response answer = given().contentType(ContentType.URLENC)
                .formParam("logout_token", "eyJhbGciOiJub25lIn0.e30.")
                .post("/api/v1/session/oidc/backchannel-logout");

        // Then
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.jsonPath().getString("type")).endsWith("/local-mode");
    }

    @Test
    void shouldAllowOnlyThePasswordChangeUntilAGivenPasswordIsChanged() {
        // Given: an account an admin made, whose password must change
        String username = ProvisioningApi.uniqueName("fresh");
        TestIdentity.accounts().createUser(username, Optional.of(org), Set.of(Role.DEVELOPER), "given-by-admin-1");
        Response session = login(username, "given-by-admin-1");
        String token = session.jsonPath().getString("token");

        // When
        Response blocked = given().header("Authorization", "Bearer " + token).get(ProvisioningApi.environments(org));
        Response tooShort = given().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "given-by-admin-1", "newPassword", "short"))
                .post("/api/v1/session/password");
        Response changed = given().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "given-by-admin-1", "newPassword", "my-own-password-42"))
                .post("/api/v1/session/password");

        // Then
        assertThat(session.jsonPath().getBoolean("mustChangePassword")).isTrue();
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(blocked.jsonPath().getString("type")).endsWith("/password-change-required");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.jsonPath().getList("errors.pointer", String.class)).containsExactly("/newPassword");
        assertThat(changed.statusCode()).as(changed.asString()).isEqualTo(200);
        String fresh = changed.jsonPath().getString("token");
        assertThat(given().header("Authorization", "Bearer " + fresh)
                        .get(ProvisioningApi.environments(org))
                        .statusCode())
                .isEqualTo(200);
        assertThat(given().header("Authorization", "Bearer " + token)
                        .get(ProvisioningApi.environments(org))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void shouldRefuseNamingEveryMissingFieldWhenLoginBodyIsIncomplete() {
        // When
        Response response = given().contentType(ContentType.JSON).body("{}").post("/api/v1/session");

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getList("errors.pointer", String.class))
                .containsExactly("/password", "/username");
    }

    @Test
    void shouldAnswerUnauthenticatedWhenThereIsNoSessionOrTheTokenIsGarbage() {
        // When
        Response none = given().get("/api/v1/session");
        Response garbage = given().header("Authorization", "Bearer garbage").get("/api/v1/session");
        Response route = given().header("Authorization", "Bearer garbage").get(ProvisioningApi.environments(org));
        Response scheme = given().header("Authorization", "Digest abc").get(ProvisioningApi.environments(org));

        // Then
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(route.statusCode()).isEqualTo(401);
        assertThat(route.contentType()).startsWith("application/problem+json");
        assertThat(scheme.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldSendStrictBrowserHeadersOnApiAnswers() {
        // When
        Response response = given().get("/api/v1/session");

        // Then
        assertThat(response.getHeader("Content-Security-Policy"))
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void shouldHaveBrowsersRevalidateTheConsoleFiles() {
        // When
        Response page = given().get("/console/");
        Response script = given().get("/console/js/app.js");

        // Then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(script.getHeader("Content-Security-Policy")).contains("script-src 'self'");
    }
}
