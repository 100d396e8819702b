package io.openova.catalyst.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.uniqueName;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.openova.catalyst.identity.Role;
import io.openova.catalyst.server.provisioning.ProvisioningApi;
import io.openova.catalyst.server.security.Sessions;
import io.openova.catalyst.server.security.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin and Organization views, refusals, and the console driven by the keyboard alone. */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ConsoleAdminTest extends ConsoleTest {
    private final String org = uniqueName("ui");

    @BeforeEach
    void organization() {
        TestIdentity.organization(org);
    }

    private Locator section(String id) {
        return page.locator("section[data-section='" + id + "']");
    }

    @Test
    void shouldShowHealthTheCatalogTheOrganizationsWithTheirQuotasAndTheAuditLog() {
        // Given: an Organization made through the API, so it is in the audit log
        String made = uniqueName("made");
        io.restassured.RestAssured.given()
                .contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of(
                        "name",
                        made,
                        "displayName",
                        "Made <i>here</i>",
                        "quota",
                        java.util.Map.of("maxEnvironments", 7)))
                .post("/api/v1/orgs")
                .then()
                .statusCode(201);

        // When
        page.navigate(console + "#/admin");

        // Then
        assertThat(section("health")).containsText("Overall: UP");
        assertThat(section("health").locator("tbody")).containsText("catalog");
        assertThat(section("sources")).containsText("builtin");
        assertThat(section("sources").locator("tbody td").first()).hasText("84");
        assertThat(section("organizations").locator("tr[data-org='" + made + "']"))
                .containsText("Made <i>here</i>");
        assertThat(section("organizations").locator("tr[data-org='" + org + "']"))
                .isVisible();
        assertThat(section("quotas").locator("tr", new Locator.LocatorOptions().setHasText(made)))
                .containsText("7");
        assertThat(section("audit")
                        .locator("tr[data-action='organization.create']")
                        .first())
                .containsText("test-admin");
        tab.screenshot("admin");
        tab.assertNoProblems();
    }

    @Test
    void shouldCreateAnEnvironmentFromTheOrganizationViewAfterTheServerRefusedItsName() {
        // Given
        page.navigate(console + "#/orgs/" + org);
        assertThat(page.locator("section[aria-labelledby='envs-title'] .empty-state"))
                .containsText("No Environment yet");

        // When
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Dev_1");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create Environment"))
                .click();

        // Then
        assertThat(page.locator("section[aria-labelledby='create-env-title'] .field-error"))
                .containsText("'Dev_1' is not a DNS-1123 label");
        assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)))
                .hasValue("Dev_1");

        // When
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("dev");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create Environment"))
                .click();

        // Then
        assertThat(page.locator("h1")).hasText("dev");
        assertThat(page.locator(".live")).hasText("Live");
        page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Breadcrumbs"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(org))
                .click();
        assertThat(page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Environments")))
                .containsText("dev");
        tab.assertNoProblems();
    }

    @Test
    void shouldFilterTheOrganizationsAuditLogPageThroughOlderEntriesAndNameAnInvalidFilter() {
        // Given: 21 refused Environment names and one Environment, so the log has more than a page of 20
        for (int i = 0; i < 21; i++) {
            io.restassured.RestAssured.given()
                    .contentType(io.restassured.http.ContentType.JSON)
                    .body(java.util.Map.of("name", "Bad_" + i))
                    .post(ProvisioningApi.environments(org))
                    .then()
                    .statusCode(400);
        }
        ProvisioningApi.givenEnvironment(org, "dev");
        page.navigate(console + "#/orgs/" + org);
        Locator audit = section("audit");
        Locator rows = audit.locator("tbody tr");

        // When
        assertThat(rows).hasCount(20);
        audit.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Older entries"))
                .click();

        // Then
        assertThat(rows).hasCount(22);
        assertThat(audit.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Older entries")))
                .hasCount(0);
        assertThat(rows.first()).containsText("environment.create");
        assertThat(rows.first()).containsText("success (201)");
        assertThat(rows.last()).containsText("failed (400)");

        // When
        audit.getByLabel("Result").selectOption("success");
        audit.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Filter"))
                .click();

        // Then
        assertThat(rows).hasCount(1);
        assertThat(rows).containsText("POST /api/v1/orgs/" + org + "/environments");
        audit.scrollIntoViewIfNeeded();
        tab.screenshot("organization-audit");

        // When
        audit.getByLabel("What").fill("install");
        audit.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Filter"))
                .click();

        // Then
        assertThat(audit.locator(".field-error:visible")).hasText(java.util.regex.Pattern.compile("must be an action"));
        assertThat(rows).hasCount(1);
        tab.assertNoProblems();
    }

    @Test
    void shouldShowARefusalPageForAnEnvironmentThatDoesNotExist() {
        // When
        page.navigate(console + "#/orgs/" + org + "/envs/nowhere");

        // Then
        assertThat(page.locator("section.refusal h1")).hasText("Not found");
        assertThat(page.locator(".refusal-detail")).containsText("no Environment " + org + "/nowhere");
        tab.assertNoProblems();
    }

    @Test
    void shouldFindAndOpenABlueprintWithTheKeyboardAlone() {
        // Given
        page.navigate(console + "#/marketplace");
        assertThat(page.locator("article.card").first()).isVisible();

        // When: tab to the search field, type, submit, tab to the first result, open it
        tabUntil("input[type=search]");
        page.keyboard().type("valkey");
        page.keyboard().press("Enter");
        assertThat(page.locator(".result-count")).containsText("matching “valkey”");
        tabUntil("article.card[data-blueprint='valkey'] .card-title a");
        page.keyboard().press("Enter");

        // Then
        assertThat(page.locator("h1")).hasText("Valkey");
        Assertions.assertThat(page.evaluate("() => document.activeElement.tagName"))
                .isEqualTo("H1");
        tab.assertNoProblems();
    }

    @Test
    void shouldLogInAfterAWrongPasswordAndSetANewPasswordWhenItWasGiven() {
        // Given: a user an administrator made, whose password must change at the first login
        String username = uniqueName("new");
        TestIdentity.accounts().createUser(username, Optional.of(org), Set.of(Role.DEVELOPER), "given-by-the-admin");
        ConsoleBrowser.ConsolePage anonymous = browser.openAnonymous();
        Page login = anonymous.page;
        login.navigate(console + "#/orgs/" + org);
        assertThat(login.locator("h1")).hasText("Log in to Catalyst");

        // When: a wrong password first
        login.getByLabel("Username", new Page.GetByLabelOptions().setExact(true))
                .fill(username);
        login.getByLabel("Password", new Page.GetByLabelOptions().setExact(true))
                .fill("not-the-password");
        login.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))
                .click();

        // Then
        assertThat(login.locator(".form-error")).hasText("Wrong username or password.");

        // When: the right one, then a new password
        login.getByLabel("Password", new Page.GetByLabelOptions().setExact(true))
                .fill("given-by-the-admin");
        login.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))
                .click();
        assertThat(login.locator("h1")).hasText("Set a new password");
        login.getByLabel("Current password", new Page.GetByLabelOptions().setExact(true))
                .fill("given-by-the-admin");
        login.getByLabel("New password", new Page.GetByLabelOptions().setExact(true))
                .fill("my-own-password-42");
        login.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set password"))
                .click();

        // Then: back where the user was going, signed in
        assertThat(login.locator("#session")).containsText(username);
        assertThat(login.locator(".empty-state")).containsText("No Environment yet");
        Assertions.assertThat(anonymous.context.cookies()).anySatisfy(cookie -> {
            Assertions.assertThat(cookie.name).isEqualTo(Sessions.COOKIE);
            Assertions.assertThat(cookie.httpOnly).isTrue();
        });
        anonymous.assertNoProblems();
        anonymous.close();
    }

    @Test
    void shouldShowARefusalWhenAUserOpensAnotherOrganizationsEnvironmentByUrl() {
        // Given: a developer of another Organization, and an Environment of this one
        ProvisioningApi.givenEnvironment(org, "prod");
        String other = TestIdentity.organization(uniqueName("other"));
        String stranger = TestIdentity.token(other + "-dev", Optional.of(other), Set.of(Role.DEVELOPER));
        ConsoleBrowser.ConsolePage strangers = browser.open(console, stranger);

        // When
        strangers.page.navigate(console + "#/orgs/" + org + "/envs/prod");

        // Then
        assertThat(strangers.page.locator("section.refusal h1")).hasText("Not found");
        assertThat(strangers.page.locator(".refusal-detail")).containsText("no Organization " + org);
        assertThat(strangers.page.locator("table")).hasCount(0);
        strangers.assertNoProblems();
        strangers.close();
    }

    /** Presses Tab until the focused element matches {@code selector} (at most 40 times). */
    private void tabUntil(String selector) {
        for (int i = 0; i < 40; i++) {
            page.keyboard().press("Tab");
            if ((Boolean) page.evaluate("s => document.activeElement.matches(s)", selector)) {
                return;
            }
        }
        Assertions.fail("Tab never reached " + selector);
    }
}
