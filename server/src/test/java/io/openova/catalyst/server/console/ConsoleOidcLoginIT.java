package io.openova.catalyst.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.openova.catalyst.server.security.Anonymous;
import io.openova.catalyst.server.security.OidcLoginProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's login in the OIDC mode, through the real Keycloak's login page and back. */
@QuarkusTest
@TestProfile(OidcLoginProfile.class)
@Anonymous
class ConsoleOidcLoginIT {
    private static ConsoleBrowser browser;

    @TestHTTPResource("/console/")
    URL console;

    @BeforeAll
    static void launch() {
        browser = ConsoleBrowser.launch();
    }

    @AfterAll
    static void quit() {
        browser.close();
    }

    @Test
    void shouldLogInThroughTheOrganizationsIdentityProvider() {
        try (ConsoleBrowser.ConsolePage tab = browser.openAnonymous()) {
            // Given: the console's login page, which asks for the Organization
            Page page = tab.page;
            page.navigate(console + "#/marketplace");
            assertThat(page.locator("h1")).hasText("Log in to Catalyst");

            // When: the user goes to Keycloak and signs in there
            goToKeycloak(page);
            signIn(page, "acme-dev");

            // Then: back in the console, signed in
            page.waitForURL(Pattern.compile(Pattern.quote(console.toString()) + "#/marketplace"));
            assertThat(page.locator("#session .subject")).hasText("acme-dev");
            assertThat(page.locator("#session")).containsText("acme");
            tab.assertNoProblems();
        }
    }

    @Test
    void shouldEndTheIdentityProvidersSessionTooWhenLoggingOut() {
        try (ConsoleBrowser.ConsolePage tab = browser.openAnonymous()) {
            // Given: signed in through Keycloak
            Page page = tab.page;
            page.navigate(console + "#/marketplace");
            goToKeycloak(page);
            signIn(page, "acme-viewer");
            assertThat(page.locator("#session .subject")).hasText("acme-viewer");

            // When
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out"))
                    .click();

            // Then: back on the console's login page, by way of Keycloak's logout
            page.waitForURL(Pattern.compile(Pattern.quote(console.toString()) + "#/login"));
            assertThat(page.locator("h1")).hasText("Log in to Catalyst");
            // And: Keycloak asks for the password again instead of signing the user straight back in
            goToKeycloak(page);
            assertThat(page.locator("#username")).isVisible();
            tab.assertNoProblems();
        }
    }

    /** From the console's login page to Keycloak's, for Organization acme. */
    private static void goToKeycloak(Page page) {
        assertThat(page.locator("h1")).hasText("Log in to Catalyst");
        page.getByLabel("Organization").fill("acme");
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Log in with your organization's identity provider"))
                .click();
        page.waitForURL(Pattern.compile(".*/realms/acme/protocol/openid-connect/auth.*"));
    }

    /** Keycloak's login form, filled and sent. */
    private static void signIn(Page page, String user) {
        page.locator("#username").fill(user);
        page.locator("#password").fill("test-password");
        page.locator("#kc-login").click();
    }
}
