package io.openova.catalyst.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import io.openova.catalyst.server.security.Sessions;
import io.openova.catalyst.server.security.TestIdentity;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's Chromium driven by Playwright: one browser per test class, one fresh context (cookies, storage) per page.
 * Playwright's own browser download is skipped; without /usr/bin/chromium the tests fail and say how to install it.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    private ConsoleBrowser(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static ConsoleBrowser launch() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(
                    CHROMIUM + " is missing: the console tests drive Debian's Chromium (apt-get install chromium)");
        }
        // Assertions wait as long as actions: a loaded 2-core CI machine can take seconds to commit and fold.
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        Playwright playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(CHROMIUM)
                            .setHeadless(true));
            return new ConsoleBrowser(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** {@link #open(URL, String)} as the tests' Sovereign admin. */
    ConsolePage open(URL console) {
        return open(console, TestIdentity.sovereignAdminToken());
    }

    /**
     * A page signed in with the session {@code sessionToken}: its cookie is set for the console's host, as a login
     * through the page would set it.
     */
    ConsolePage open(URL console, String sessionToken) {
        ConsolePage page = openAnonymous();
        page.context.addCookies(List.of(new Cookie(Sessions.COOKIE, sessionToken)
                .setUrl(console.getProtocol() + "://" + console.getHost() + ":" + console.getPort())
                .setHttpOnly(true)
                .setSameSite(SameSiteAttribute.STRICT)));
        return page;
    }

    /** A page in a fresh context, laptop-sized, recording what would be a defect: script errors and dialogs. */
    ConsolePage openAnonymous() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900));
        context.setDefaultTimeout(15_000);
        Page page = context.newPage();
        ConsolePage console = new ConsolePage(context, page);
        page.onConsoleMessage(m -> {
            if (m.type().equals("error") && !expected(m.text(), m.location())) {
                console.problems.add("console error: " + m.text() + " at " + m.location());
            }
        });
        page.onPageError(e -> console.problems.add("page error: " + e));
        page.onDialog(d -> {
            console.problems.add("dialog opened: " + d.message());
            d.dismiss();
        });
        return console;
    }

    /**
     * Chromium logs every API answer of 4xx as a failed load: the session endpoint's 401 before a login, and each
     * refusal the console shows the user. Those are the point; a failed load of anything else is a defect.
     */
    static boolean expected(String text, String location) {
        return text.matches("Failed to load resource: the server responded with a status of 4\\d\\d .*")
                && location != null
                && location.contains("/api/v1/");
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }

    /** A page and what went wrong on it. */
    static final class ConsolePage implements AutoCloseable {
        final BrowserContext context;
        final Page page;
        final List<String> problems = new CopyOnWriteArrayList<>();

        ConsolePage(BrowserContext context, Page page) {
            this.context = context;
            this.page = page;
        }

        /** Saves a screenshot of the viewport to docs/screenshots/NAME.png. */
        void screenshot(String name) {
            try {
                Files.createDirectories(SCREENSHOTS);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(SCREENSHOTS.resolve(name + ".png"))
                    .setFullPage(false));
        }

        /** No script error, no CSP violation, no alert: the page did only what it should. */
        void assertNoProblems() {
            assertThat(problems).as("errors and dialogs on the page").isEmpty();
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
