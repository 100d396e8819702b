package io.openova.catalyst.server.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenInstalled;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.uniqueName;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Installing and changing Applications in a real browser, at each depth of the wizard: a validation error from the
 * server shown at its field, the fix, the exact diff, the commit, and the status changing live as Flux reports.
 * Each test works in an Organization of its own.
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
class ConsoleInstallTest extends ConsoleTest {
    private final String org = uniqueName("ui");

    private Locator button(String name) {
        return page.getByRole(
                AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator tabNamed(String name) {
        return page.getByRole(
                AriaRole.TAB, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator field(String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    private Locator row(String app) {
        return page.locator("tr[data-app='" + app + "']");
    }

    private Locator fieldError(String pointer) {
        return page.locator("[data-pointer='" + pointer + "'] .field-error");
    }

    private Locator diffOf(String path) {
        return page.locator(".diff-file[data-path='" + path + "']");
    }

    /** Marks the document, so a later check proves the page was not reloaded in between. */
    private void markDocument() {
        page.evaluate("() => { window.catalystTestMark = 'same document'; }");
    }

    private void assertSameDocument() {
        Assertions.assertThat(page.evaluate("() => window.catalystTestMark")).isEqualTo("same document");
    }

    @Test
    void shouldInstallThroughTheFormAfterAValidationErrorAndShowTheStatusLiveAndTheHistoryAfterAReload() {
        // Given: an Environment, opened in the console, and the marketplace opened from it
        givenEnvironment(org, "dev");
        page.navigate(console + "#/orgs/" + org + "/envs/dev");
        assertThat(page.locator(".empty-state").first()).containsText("No Application yet");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Install a Blueprint"))
                .click();
        page.getByLabel("Search Blueprints").fill("postgres");
        page.getByLabel("Search Blueprints").press("Enter");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Install CloudNativePG"))
                .click();
        assertThat(page.locator("h1")).hasText("Install CloudNativePG");
        field("Application name").fill("db");
        assertThat(tabNamed("Form")).hasAttribute("aria-selected", "true");
        Assertions.assertThat(page.locator("[data-pointer='/backup/retention']").count())
                .as("the Form shows only the common fields")
                .isZero();
        tab.screenshot("wizard-form");

        // When: a value the configSchema refuses
        field("Instances").fill("12");
        button("Review changes").click();

        // Then: the server's error, at the field, with what was typed kept
        assertThat(fieldError("/instances")).containsText("maximum value of 9");
        assertThat(field("Instances")).hasAttribute("aria-invalid", "true");
        assertThat(field("Instances")).hasValue("12");
        assertThat(page.locator(".error-summary")).isVisible();

        // When: fixed
        field("Instances").fill("5");
        button("Review changes").click();

        // Then: the exact diff before anything is committed
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Review changes")))
                .isVisible();
        assertThat(diffOf(".catalyst/applications/db.yaml")).containsText("+    instances: 5");
        assertThat(diffOf("manifests/db/cluster-db.yaml")).containsText("+  instances: 5");
        tab.screenshot("wizard-preview");

        // When
        button("Install").click();

        // Then: the Environment, with the Application committed
        assertThat(row("db").locator(".phase")).hasText("Committed");
        markDocument();

        // When: Flux reports the release ready
        FluxEvents.of(org, "dev").helmRelease("db", "info", "InstallSucceeded", "Helm install succeeded");

        // Then: the phase and the conditions change live, without a reload
        assertThat(row("db").locator(".phase")).hasText("Ready");
        assertThat(row("db").locator(".condition[data-type='Ready']")).containsText("True");
        assertThat(row("db").locator(".condition[data-type='Ready']")).containsText("InstallSucceeded");
        assertSameDocument();
        Locator install = page.locator("li.operation").filter(new Locator.FilterOptions().setHasText("install db"));
        assertThat(install.locator(".op-state")).hasText("Succeeded");
        tab.screenshot("environment");

        // When
        page.navigate(console + "#/orgs/" + org + "/envs/dev");
        page.reload();

        // Then: the operation history is still there, with steps and final state
        assertThat(install.locator(".op-state")).hasText("Succeeded");
        install.locator("summary").click();
        assertThat(install.locator(".steps-list")).containsText("committed");
        assertThat(install.locator(".steps-list")).containsText("ready");
        install.locator("dd a").click();
        assertThat(page.locator("h1")).hasText("install db (cnpg 1.0.0)");
        tab.assertNoProblems();
    }

    @Test
    void shouldReconfigureInAdvancedWithTheSameValuesAtEveryDepthAndShowTheStatusLive() {
        // Given
        givenEnvironment(org, "dev");
        givenInstalled(org, "dev", Map.of("name", "db", "blueprint", "cnpg"));
        page.navigate(console + "#/orgs/" + org + "/envs/dev");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Configure db"))
                .click();
        assertThat(field("Instances")).hasValue("3");

        // When: a value in the Form, then the Advanced and IaC depths
        field("Instances").fill("4");
        tabNamed("Advanced").click();

        // Then: one set of values
        assertThat(field("Instances")).hasValue("4");
        tab.screenshot("wizard-advanced");
        Locator secret = page.getByLabel("Superuser password");
        assertThat(secret).hasAttribute("type", "password");
        assertThat(secret).hasValue("");
        assertThat(secret).hasAttribute("placeholder", "Not set");
        field("Enabled").uncheck();
        assertThat(field("Retention")).isHidden();
        field("Enabled").check();
        assertThat(field("Retention")).isVisible();
        field("Retention").fill("eight weeks");
        tabNamed("IaC").click();
        assertThat(field("Application manifest (YAML)"))
                .hasValue(
                        java.util.regex.Pattern.compile(
                                "values:\\n    backup:\\n      enabled: true\\n      retention: eight weeks\\n    instances: 4\\n"));
        tabNamed("Advanced").click();
        button("Review changes").click();

        // Then: the error at the nested field
        assertThat(fieldError("/backup/retention")).containsText("does not match the regex pattern");
        assertThat(field("Retention")).hasValue("eight weeks");

        // When
        field("Retention").fill("8w");
        button("Review changes").click();

        // Then
        assertThat(diffOf(".catalyst/applications/db.yaml")).containsText("+      retention: 8w");
        assertThat(diffOf(".catalyst/applications/db.yaml")).containsText("+    instances: 4");

        // When
        button("Apply changes").click();

        // Then
        Locator reconfigure = page.locator("li.operation.highlight");
        assertThat(reconfigure).containsText("reconfigure db");
        assertThat(reconfigure.locator(".op-state")).hasText("Succeeded");
        assertThat(row("db").locator(".phase")).hasText("Committed");
        markDocument();

        // When
        FluxEvents.of(org, "dev").helmRelease("db", "info", "UpgradeSucceeded", "Helm upgrade succeeded");

        // Then
        assertThat(row("db").locator(".phase")).hasText("Ready");
        assertSameDocument();
        tab.assertNoProblems();
    }

    @Test
    void shouldInstallFromTheIacEditorAfterTheServerRefusedAValue() {
        // Given
        givenEnvironment(org, "dev");
        page.navigate(console + "#/orgs/" + org + "/envs/dev/install/valkey");
        tabNamed("IaC").click();
        Locator editor = field("Application manifest (YAML)");
        String yaml = editor.inputValue();
        Assertions.assertThat(yaml).contains("kind: Application", "blueprint: valkey", "values: {}");

        // When: the manifest edited with a value over the maximum
        editor.fill(yaml.replace("name: ''", "name: cache").replace("values: {}", "values:\n    replicas: 7"));
        button("Validate on the server").click();

        // Then: the server's error, at its line of the YAML
        Locator errors = page.locator(".iac-errors");
        assertThat(errors).containsText("spec.values.replicas: must have a maximum value of 5");
        assertThat(errors.getByRole(AriaRole.BUTTON)).hasText("line 12");
        errors.scrollIntoViewIfNeeded();
        tab.screenshot("wizard-iac");

        // When
        editor.fill(editor.inputValue().replace("replicas: 7", "replicas: 2"));
        button("Validate on the server").click();

        // Then
        assertThat(page.locator(".iac-result")).containsText("Valid.");

        // When
        button("Review changes").click();
        assertThat(diffOf(".catalyst/applications/cache.yaml")).containsText("+    replicas: 2");
        button("Install").click();

        // Then
        assertThat(row("cache").locator(".phase")).hasText("Committed");
        markDocument();
        FluxEvents.of(org, "dev").helmRelease("cache", "error", "InstallFailed", "Helm install failed");
        assertThat(row("cache").locator(".phase")).hasText("Degraded");
        assertThat(row("cache").locator(".condition[data-type='Ready']")).containsText("False");
        assertSameDocument();
        tab.assertNoProblems();
    }

    @Test
    void shouldInstallFromEditedHelmValuesAfterTheServerRefusedAFixedOne() {
        // Given: the IaC depth of a valkey install, its composed Helm values open for editing
        givenEnvironment(org, "dev");
        page.navigate(console + "#/orgs/" + org + "/envs/dev/install/valkey");
        tabNamed("IaC").click();
        Locator manifest = field("Application manifest (YAML)");
        manifest.fill(manifest.inputValue().replace("name: ''", "name: cache"));
        button("Edit the composed Helm values").click();
        Locator values = field("HelmRelease values (YAML, as composed)");
        String composed = values.inputValue();
        Assertions.assertThat(composed)
                .contains("replicas: 1", "maxmemory 512mb", "usersExistingSecret: cache-secrets");

        // When: a value the Blueprint fixes is edited
        values.fill(composed.replace("enabled: true", "enabled: false"));
        button("Apply to the Application").click();

        // Then: refused, naming it; what was typed stays
        Locator refusal = page.locator(".helm-values .error-summary");
        assertThat(refusal).containsText("/values/replica/enabled");
        assertThat(refusal).containsText("is fixed by the Blueprint");
        Assertions.assertThat(values.inputValue()).contains("enabled: false");

        // When: only bound values are edited
        values.fill(composed.replace("replicas: 1", "replicas: 3").replace("maxmemory 512mb", "maxmemory 1gb"));
        button("Apply to the Application").click();

        // Then: the Application's values follow, and the commit carries them
        assertThat(page.locator(".helm-values [role='status']")).containsText("Applied");
        Assertions.assertThat(manifest.inputValue()).contains("replicas: 3", "maxMemory: 1gb");
        button("Review changes").click();
        assertThat(diffOf(".catalyst/applications/cache.yaml")).containsText("+    replicas: 3");
        assertThat(diffOf("resources/cache/helmrelease.yaml")).containsText("maxmemory 1gb");
        button("Install").click();
        assertThat(row("cache").locator(".phase")).hasText("Committed");
        tab.assertNoProblems();
    }

    @Test
    void shouldUninstallAndRollBackOnlyAfterConfirmingTheDiff() {
        // Given
        givenEnvironment(org, "dev");
        givenInstalled(org, "dev", Map.of("name", "db", "blueprint", "cnpg"));
        page.navigate(console + "#/orgs/" + org + "/envs/dev");
        assertThat(row("db")).isVisible();

        // When: uninstall, cancelled first
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Uninstall db"))
                .click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog.locator(".diff-file[data-path='.catalyst/applications/db.yaml']"))
                .containsText("removed");
        button("Cancel").click();

        // Then: nothing happened
        assertThat(dialog).hasCount(0);
        assertThat(row("db")).isVisible();

        // When: confirmed
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Uninstall db"))
                .click();
        dialog.getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Uninstall").setExact(true))
                .click();

        // Then
        assertThat(row("db")).hasCount(0);
        assertThat(page.locator(".history-table")).containsText("uninstall db");

        // When: back to the commit that installed it
        page.locator(".history-table a")
                .filter(new Locator.FilterOptions().setHasText(""))
                .nth(1)
                .click();
        assertThat(page.locator("h1")).hasText("install db (cnpg 1.0.0)");
        button("Roll back to this commit").click();
        assertThat(page.getByRole(AriaRole.DIALOG).locator(".diff")).containsText(".catalyst/applications/db.yaml");
        page.getByRole(AriaRole.DIALOG)
                .getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Roll back").setExact(true))
                .click();

        // Then
        assertThat(page.locator("li.operation.highlight")).containsText("rollback");
        assertThat(row("db").locator(".phase")).hasText("Committed");
        tab.assertNoProblems();
    }

    @Test
    void shouldShowWhereEachValueOfAnUpgradeComesFrom() {
        // Given
        givenEnvironment(org, "dev");
        givenInstalled(org, "dev", Map.of("name", "db", "blueprint", "cnpg", "config", Map.of("instances", 5)));
        page.navigate(console + "#/orgs/" + org + "/envs/dev");

        // When
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Upgrade db"))
                .click();

        // Then: the installed version's default, the new version's, the user's value, and the result
        Locator instances =
                page.locator("table.three-way tbody tr").filter(new Locator.FilterOptions().setHasText("instances"));
        assertThat(instances.locator("td").nth(0)).hasText("3");
        assertThat(instances.locator("td").nth(1)).hasText("3");
        assertThat(instances.locator("td").nth(2)).hasText("5");
        assertThat(instances.locator("td").nth(3)).containsText("5");
        assertThat(instances.locator("td").nth(3)).containsText("yours, kept");
        assertThat(page.locator(".notice")).containsText("already runs the catalog's version");

        // When
        button("Review changes").click();

        // Then
        assertThat(page.locator(".upgrade-preview")).containsText("Nothing changes");
        assertThat(button("Upgrade to 1.0.0")).isHidden();
        tab.assertNoProblems();
    }

    @Test
    void shouldShowTheOldAndNewDefaultsAndCommitWhenUpgradingFromAnEarlierVersion() {
        // Given: valkey at its earlier version 0.9.0 (maxMemory 256mb by default; 1.0.0 has 512mb), replicas changed
        givenEnvironment(org, "dev");
        givenInstalled(
                org,
                "dev",
                Map.of("name", "cache", "blueprint", "valkey", "version", "0.9.0", "config", Map.of("replicas", 2)));
        page.navigate(console + "#/orgs/" + org + "/envs/dev");
        assertThat(row("cache").locator("td").first()).containsText("0.9.0");
        assertThat(row("cache").locator(".available")).hasText("1.0.0 available");

        // When
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Upgrade cache"))
                .click();

        // Then: the changed default, from the earlier version's Blueprint and the current one
        Locator maxMemory = page.locator("table.three-way tbody tr[data-setting='maxMemory']");
        assertThat(maxMemory).hasClass(java.util.regex.Pattern.compile("default-changed"));
        assertThat(maxMemory.locator("td").nth(0)).hasText("\"256mb\"");
        assertThat(maxMemory.locator("td").nth(1)).hasText("\"512mb\"");
        assertThat(maxMemory.locator("td").nth(2)).hasText("—");
        assertThat(maxMemory.locator("td").nth(3)).containsText("512mb");
        assertThat(maxMemory.locator("td").nth(3)).containsText("new default");
        Locator replicas = page.locator("table.three-way tbody tr[data-setting='replicas']");
        assertThat(replicas.locator("td").nth(0)).hasText("1");
        assertThat(replicas.locator("td").nth(1)).hasText("1");
        assertThat(replicas.locator("td").nth(2)).hasText("2");
        assertThat(replicas.locator("td").nth(3)).containsText("yours, kept");
        assertThat(page.locator(".lead")).containsText("installed 0.9.0, catalog 1.0.0");

        // When
        button("Review changes").click();

        // Then: the exact diff: the new chart and the new default in the values
        assertThat(diffOf("resources/cache/helmrelease.yaml")).containsText("0.9.4");
        assertThat(diffOf("resources/cache/helmrelease.yaml")).containsText("maxmemory 512mb");

        // When
        button("Upgrade to 1.0.0").click();

        // Then: the Application runs the current version
        assertThat(row("cache").locator("td").first()).containsText("1.0.0");
        assertThat(row("cache").locator(".available")).hasCount(0);
        assertThat(page.locator("li.operation.highlight")).containsText("upgrade cache");
        tab.assertNoProblems();
    }

    @Test
    void shouldOfferEveryOtherVersionWhenTheApplicationRunsTheCurrentOne() {
        // Given: valkey at its current version 1.0.0, which has the earlier 0.9.0
        givenEnvironment(org, "dev");
        givenInstalled(org, "dev", Map.of("name", "cache", "blueprint", "valkey"));
        page.navigate(console + "#/orgs/" + org + "/envs/dev/apps/cache/upgrade");
        assertThat(page.locator(".notice")).containsText("already runs the catalog's version");

        // When
        field("Target version").selectOption("0.9.0");

        // Then: the defaults of the installed version beside those of the chosen one
        Locator maxMemory = page.locator("table.three-way tbody tr[data-setting='maxMemory']");
        assertThat(maxMemory.locator("td").nth(0)).hasText("\"512mb\"");
        assertThat(maxMemory.locator("td").nth(1)).hasText("\"256mb\"");
        assertThat(page.locator(".notice")).isHidden();
        button("Review changes").click();
        assertThat(diffOf("resources/cache/helmrelease.yaml")).containsText("maxmemory 256mb");
        assertThat(button("Upgrade to 0.9.0")).isVisible();
        tab.assertNoProblems();
    }

    @Test
    void shouldShowNamesAndValuesThatAreMarkupAsText() {
        // Given
        givenEnvironment(org, "dev");
        page.navigate(console + "#/orgs/" + org + "/envs/dev/install/markup");
        assertThat(page.locator("h1")).hasText("Install <img src=x onerror=alert(1)> Markup");
        assertThat(page.locator("legend")).hasText("<em>General</em>");
        assertThat(page.locator("label").filter(new Locator.FilterOptions().setHasText("Greeting")))
                .hasText("<img src=x onerror=alert(5)> Greeting");

        // When: a name that is markup
        field("Application name").fill("<img src=x onerror=alert(1)>");
        field("<img src=x onerror=alert(5)> Greeting").fill("<img src=x onerror=alert(7)>");
        button("Review changes").click();

        // Then: the server's refusal names it, as text
        assertThat(page.locator(".field-error").first())
                .containsText("'<img src=x onerror=alert(1)>' is not a DNS-1123 label");

        // When
        field("Application name").fill("hello");
        button("Review changes").click();
        assertThat(diffOf("manifests/hello/configmap-hello.yaml")).containsText("<img src=x onerror=alert(7)>");
        button("Install").click();
        assertThat(row("hello")).isVisible();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Configure hello"))
                .click();

        // Then
        assertThat(field("<img src=x onerror=alert(5)> Greeting")).hasValue("<img src=x onerror=alert(7)>");
        assertThat(page.locator("main img, main script, main em")).hasCount(0);
        tab.assertNoProblems();
    }
}
