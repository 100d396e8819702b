package io.openova.catalyst.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** The marketplace in a real browser: search, filters, paging, a Blueprint's page, and markup shown as text. */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ConsoleMarketplaceTest extends ConsoleTest {

    private Locator card(String blueprint) {
        return page.locator("article.card[data-blueprint='" + blueprint + "']");
    }

    @Test
    void shouldFindABlueprintBySearchAndCategoryAndShowEverythingAboutIt() {
        // Given
        page.navigate(console + "#/marketplace");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Marketplace")))
                .isVisible();
        assertThat(page.locator("article.card")).hasCount(24);
        tab.screenshot("marketplace");

        // When
        page.getByLabel("Search Blueprints").fill("postgres");
        page.getByLabel("Search Blueprints").press("Enter");
        page.getByLabel("Category").selectOption("data-services");

        // Then
        assertThat(page.locator(".result-count")).containsText("matching “postgres” in Data services");
        assertThat(card("cnpg")).isVisible();
        assertThat(page.locator("article.card[data-blueprint='keycloak']")).hasCount(0);
        card("cnpg")
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("CloudNativePG"))
                .click();
        assertThat(page.locator("h1")).hasText("CloudNativePG");
        Locator facts = page.locator("dl.facts").first();
        assertThat(facts).containsText("Apache-2.0");
        assertThat(facts).containsText("application");
        assertThat(facts).containsText("WAL streaming (async primary-replica)");
        assertThat(facts).containsText("3 × 2Gi, 1 CPU");
        assertThat(facts).containsText("1.0.0");
        assertThat(page.locator("#settings-title")).isVisible();
        assertThat(page.locator("table.table")).containsText("superuserPassword");
        tab.assertNoProblems();
    }

    @Test
    void shouldPageThroughTheCatalogAndFilterByPlacement() {
        // Given
        page.navigate(console + "#/marketplace");
        assertThat(page.locator(".page-of")).containsText("Page 1 of ");

        // When
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Next page"))
                .click();

        // Then
        assertThat(page.locator(".page-of")).containsText("Page 2 of ");
        Assertions.assertThat(page.url()).contains("page=2");

        // When
        page.getByLabel("Placement").selectOption("control-plane");

        // Then: back on page 1, only control-plane Blueprints
        assertThat(page.locator(".result-count")).containsText("placed at control-plane");
        assertThat(page.locator("article.card .tag-placement-control-plane").first())
                .isVisible();
        Assertions.assertThat(page.locator("article.card").count())
                .isEqualTo(page.locator("article.card:has(.tag-placement-control-plane)")
                        .count());
        tab.assertNoProblems();
    }

    @Test
    void shouldShowAnEmptyStateWhenNothingMatches() {
        // When
        page.navigate(console + "#/marketplace?q=no-such-thing-anywhere");

        // Then
        assertThat(page.locator(".empty-state")).containsText("No Blueprint matches");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Clear filters"))
                .first()
                .click();
        assertThat(page.locator("article.card")).hasCount(24);
        tab.assertNoProblems();
    }

    @Test
    void shouldListEveryVersionNewestFirstWhenABlueprintHasEarlierVersions() {
        // When
        page.navigate(console + "#/blueprints/valkey");

        // Then
        Locator versions = page.locator("dl.facts ul.versions > li");
        assertThat(versions).hasText(new String[] {"1.0.0 (current)", "0.9.0"});
        tab.assertNoProblems();
    }

    @Test
    void shouldShowTheMembersOfACompositeBlueprint() {
        // When
        page.navigate(console + "#/blueprints/bp-fingate");

        // Then
        assertThat(page.locator("#members-title")).hasText("Composite members");
        Assertions.assertThat(page.locator("ul.members > li").count()).isGreaterThan(1);
        tab.assertNoProblems();
    }

    @Test
    void shouldShowTheTextsOfABlueprintThatAreMarkupAsTextAndRunNothing() {
        // When
        page.navigate(console + "#/marketplace?q=markup");

        // Then: the texts, character for character, and no element made from them
        assertThat(card("markup").locator(".card-title")).hasText("<img src=x onerror=alert(1)> Markup");
        assertThat(card("markup").locator(".card-summary"))
                .hasText("<script>alert('summary')</script> texts that are markup");
        assertThat(page.locator("main img")).hasCount(0);
        assertThat(page.locator("main script")).hasCount(0);

        // When
        card("markup").locator(".card-title a").click();

        // Then
        assertThat(page.locator("h1")).hasText("<img src=x onerror=alert(1)> Markup");
        assertThat(page.locator("main"))
                .containsText("<b onmouseover=alert(3)>bold</b> <a href=javascript:alert(4)>link</a>");
        assertThat(page.locator("main")).containsText("<i>markup</i>");
        assertThat(page.locator("main")).containsText("<script>alert(6)</script> shown as text");
        assertThat(page.locator("main img, main script, main b, main i")).hasCount(0);
        page.locator("main").hover();
        tab.assertNoProblems();
    }
}
