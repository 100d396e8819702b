package io.openova.catalyst.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The marketplace page in a real browser: Debian's Chromium, headless, driven by Playwright. Each round opens the
 * console's marketplace ({@code /console/#/marketplace}, the full catalog, first page of cards) in a fresh browser
 * context (cold cache), then once more in the same context (warm cache), and loads a static file of the same server
 * in another fresh context as the reference. Every figure comes from the browser's own timeline (Paint, Element,
 * Long Tasks, Navigation and Resource Timing), measured from the start of the navigation. The session is a cookie
 * set on the context before the navigation, so no login is measured. Writes the {@code marketplace-page} row.
 *
 * <pre>
 * CATALYST_TOKEN=... MarketplacePageBenchmark --base-url http://127.0.0.1:8080 [--results bench/RESULTS.md]
 *                      [--rounds 10] [--warmup-rounds 2] [--quiet-ms 500] [--timeout-seconds 30]
 *                      [--chromium /usr/bin/chromium]
 * </pre>
 */
public final class MarketplacePageBenchmark {
    static final double GOAL_MS = 1000;
    static final String MARKETPLACE = "/console/#/marketplace";
    static final String REFERENCE = "/schemas/blueprint.schema.json";
    /** The console's session cookie (server: Sessions.COOKIE). */
    static final String SESSION_COOKIE = "catalyst_session";

    /** What the page script logs when it has measured the marketplace. */
    static final String MEASURED = "catalyst-bench: measured";

    /**
     * Runs in every document of a context before the page's own scripts, in a function that defines {@code QUIET_MS}. On
     * the console it watches the browser's timeline: the console's {@code console-view-rendered} mark, the paints of
     * the cards ({@code elementtiming="marketplace-card"}) and the long tasks, which only an observer sees. Once the
     * cards are painted and in the document, it waits for a quiet window without long tasks (see
     * {@link PageLoad#interactive}) and for the load event, keeps what the page saw in {@code window.__bench.result}
     * and logs {@value #MEASURED}. So nothing from outside runs in the page while it loads: Playwright's own scripts,
     * which its first {@code evaluate} compiles, would take the main thread for tens of milliseconds.
     */
    static final String OBSERVE = """
            const bench = (window.__bench = {longTasks: [], cardPaints: [], viewRendered: null, result: null});
            if (location.pathname.startsWith('/console/')) {
              let timer = null;
              const collect = () => {
                const navigation = performance.getEntriesByType('navigation')[0];
                const paint = performance.getEntriesByName('first-contentful-paint', 'paint')[0];
                return {
                  cardPainted: Math.min(...bench.cardPaints),
                  viewRendered: bench.viewRendered,
                  firstContentfulPaint: paint ? paint.startTime : -1,
                  load: navigation.loadEventEnd,
                  longTasks: bench.longTasks,
                  cards: document.querySelectorAll('article.card').length,
                  summary: (document.querySelector('.result-count') || {}).textContent || '',
                  resources: [navigation, ...performance.getEntriesByType('resource')]
                    .map((r) => ({name: r.name, transfer: r.transferSize, encoded: r.encodedBodySize})),
                };
              };
              const finish = () => {
                bench.result = collect();
                console.debug('%s');
              };
              const check = () => {
                if (bench.result || timer !== null || bench.viewRendered === null || !bench.cardPaints.length) {
                  return;
                }
                const ready = Math.max(bench.viewRendered, Math.min(...bench.cardPaints));
                const quietFrom = bench.longTasks.reduce((end, [start, duration]) => Math.max(end, start + duration), ready);
                const left = quietFrom + QUIET_MS - performance.now();
                if (left > 0) {
                  timer = setTimeout(() => {
                    timer = null;
                    check();
                  }, left);
                } else if (performance.getEntriesByType('navigation')[0].loadEventEnd > 0) {
                  finish();
                } else {
                  window.addEventListener('load', () => setTimeout(finish, 0), {once: true});
                }
              };
              const observe = (type, onEntry) => {
                try {
                  new PerformanceObserver((list) => {
                    list.getEntries().forEach(onEntry);
                    check();
                  }).observe({type, buffered: true});
                } catch (e) {
                  bench.error = `no ${type} observer: ${e}`;
                }
              };
              observe('longtask', (e) => bench.longTasks.push([e.startTime, e.duration]));
              observe('element', (e) => {
                if (e.identifier === 'marketplace-card') bench.cardPaints.push(e.renderTime || e.loadTime);
              });
              observe('mark', (e) => {
                if (e.name === 'console-view-rendered' && e.detail && e.detail.path === 'marketplace') {
                  bench.viewRendered = e.startTime;
                }
              });
            }
            """.formatted(MEASURED);

    /** What the page script measured, or why it has nothing: the page's text. */
    static final String RESULT = """
            () => window.__bench && window.__bench.result
              ? window.__bench.result
              : {missing: `${(window.__bench || {}).error || 'no painted cards'}; the page shows: `
                  + (document.querySelector('main') || document.body).innerText.slice(0, 300)}
            """;

    /** The reference: the static file's document, to the end of its load event. */
    static final String MEASURE_REFERENCE = """
            () => {
              const navigation = performance.getEntriesByType('navigation')[0];
              return {load: navigation.loadEventEnd, transfer: navigation.transferSize, encoded: navigation.encodedBodySize};
            }
            """;

    record Settings(
            URI baseUrl, Path results, int rounds, int warmupRounds, int quietMs, int timeoutSeconds, Path chromium) {
        static Settings parse(String[] args) {
            Map<String, String> options = Options.parse(
                    args,
                    Map.of(
                            "--results", "bench/RESULTS.md",
                            "--rounds", "10",
                            "--warmup-rounds", "2",
                            "--quiet-ms", "500",
                            "--timeout-seconds", "30",
                            "--chromium", "/usr/bin/chromium"),
                    Set.of("--base-url"));
            return new Settings(
                    Options.loopback("--base-url", options.get("--base-url")),
                    Path.of(options.get("--results")),
                    Options.bounded("--rounds", options.get("--rounds"), 1, 100),
                    Options.bounded("--warmup-rounds", options.get("--warmup-rounds"), 0, 20),
                    Options.bounded("--quiet-ms", options.get("--quiet-ms"), 50, 5000),
                    Options.bounded("--timeout-seconds", options.get("--timeout-seconds"), 1, 300),
                    Path.of(options.get("--chromium")));
        }
    }

    /** The reference navigation: the end of its load event, and its size. */
    record StaticLoad(double loadEventMs, long transferBytes, long encodedBytes) {}

    /** One round: the marketplace cold and warm, and the reference. */
    record Round(PageLoad cold, PageLoad warm, StaticLoad reference) {}

    /** Nearest-rank p50 and p95 of some milliseconds. */
    record Spread(double p50, double p95) {
        static Spread of(List<Double> millis) {
            long[] sorted = millis.stream()
                    .mapToLong(ms -> Math.round(ms * 1000))
                    .sorted()
                    .toArray();
            return new Spread(Latencies.percentile(sorted, 50) / 1000.0, Latencies.percentile(sorted, 95) / 1000.0);
        }

        static Spread of(List<Round> rounds, ToDoubleFunction<Round> figure) {
            return of(rounds.stream().map(figure::applyAsDouble).toList());
        }

        String text() {
            return String.format(Locale.ROOT, "%.0f/%.0f ms", p50, p95);
        }
    }

    private MarketplacePageBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options.main(args, Settings::parse, MarketplacePageBenchmark::run, List.of(PlaywrightException.class));
    }

    static void run(Settings settings, Clock clock) throws IOException {
        String token = BenchCaller.TOKEN.orElseThrow(() -> new IllegalStateException(
                "CATALYST_TOKEN is not set: the console needs a session (bench/run.sh logs in and sets it)"));
        if (!Files.isExecutable(settings.chromium())) {
            throw new IllegalStateException(settings.chromium() + " is missing: the benchmark drives Debian's Chromium"
                    + " (apt-get install chromium), or name another with --chromium");
        }
        System.out.printf(
                "bench: %s%s in %s, %d warm-up rounds, %d rounds (each: cold, warm, reference %s), quiet window %d ms%n",
                settings.baseUrl(),
                MARKETPLACE,
                settings.chromium(),
                settings.warmupRounds(),
                settings.rounds(),
                REFERENCE,
                settings.quietMs());
        List<Round> rounds = new ArrayList<>();
        // Playwright's driver comes from its jar on the class path; it must never download a browser.
        try (Playwright playwright = Playwright.create(
                        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright
                        .chromium()
                        .launch(new BrowserType.LaunchOptions()
                                .setExecutablePath(settings.chromium())
                                .setHeadless(true))) {
            System.out.println("bench: " + browser.browserType().name() + " " + browser.version());
            for (int i = 1; i <= settings.warmupRounds() + settings.rounds(); i++) {
                Round round = round(browser, settings, token);
                boolean warmup = i <= settings.warmupRounds();
                if (!warmup) {
                    rounds.add(round);
                }
                System.out.printf(
                        "  %-9s first render %4.0f ms cold, %4.0f ms warm; interactive %4.0f / %4.0f ms;"
                                + " %5.1f KB / %5.1f KB in %d requests; reference load %4.0f ms%n",
                        warmup ? "warm-up" : "round " + (i - settings.warmupRounds()),
                        round.cold().firstRenderMs(),
                        round.warm().firstRenderMs(),
                        round.cold().interactiveMs(),
                        round.warm().interactiveMs(),
                        round.cold().transferBytes() / 1024.0,
                        round.warm().transferBytes() / 1024.0,
                        round.cold().requests(),
                        round.reference().loadEventMs());
            }
        }
        report(settings, rounds, LocalDate.now(clock).toString());
    }

    private static Round round(Browser browser, Settings settings, String token) {
        StaticLoad reference;
        try (BrowserContext context = context(browser, settings, token)) {
            Page page = context.newPage();
            page.navigate(settings.baseUrl() + REFERENCE);
            Map<String, Object> measured = measured(page.evaluate(MEASURE_REFERENCE));
            reference = new StaticLoad(
                    ((Number) measured.get("load")).doubleValue(),
                    ((Number) measured.get("transfer")).longValue(),
                    ((Number) measured.get("encoded")).longValue());
            if (reference.loadEventMs() <= 0 || reference.encodedBytes() == 0) {
                throw new IllegalStateException("the reference " + REFERENCE + " did not load: " + measured);
            }
        }
        try (BrowserContext context = context(browser, settings, token)) {
            Page page = context.newPage();
            PageLoad cold = marketplace(page, settings);
            page.navigate("about:blank");
            PageLoad warm = marketplace(page, settings);
            return new Round(cold, warm, reference);
        }
    }

    /** A fresh context (empty cache and storage), laptop-sized, with the session cookie the console's login sets. */
    private static BrowserContext context(Browser browser, Settings settings, String token) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1366, 900));
        context.setDefaultTimeout(settings.timeoutSeconds() * 1000.0);
        context.addCookies(List.of(new Cookie(SESSION_COOKIE, token)
                .setUrl(settings.baseUrl().toString())
                .setHttpOnly(true)
                .setSameSite(SameSiteAttribute.STRICT)));
        context.addInitScript("(() => {\nconst QUIET_MS = " + settings.quietMs() + ";\n" + OBSERVE + "})();");
        return context;
    }

    /** Opens the marketplace, waits for the page script to have measured it, and checks that its search takes text. */
    private static PageLoad marketplace(Page page, Settings settings) {
        try {
            page.waitForConsoleMessage(
                    new Page.WaitForConsoleMessageOptions()
                            .setPredicate(message -> MEASURED.equals(message.text()))
                            .setTimeout(settings.timeoutSeconds() * 1000.0),
                    () -> page.navigate(settings.baseUrl() + MARKETPLACE));
        } catch (TimeoutError e) {
            throw new IllegalStateException("the marketplace was not measured within " + settings.timeoutSeconds()
                    + " s: " + measured(page.evaluate(RESULT)).get("missing"));
        }
        Map<String, Object> measured = measured(page.evaluate(RESULT));
        if (measured.containsKey("missing")) {
            throw new IllegalStateException("the marketplace was not measured: " + measured.get("missing"));
        }
        PageLoad load = PageLoad.of(measured, settings.quietMs());
        if (load.cards() == 0) {
            throw new IllegalStateException("the marketplace shows no card: " + measured.get("summary"));
        }
        page.fill("input[name='q']", "postgres");
        if (!"postgres".equals(page.inputValue("input[name='q']"))) {
            throw new IllegalStateException("the marketplace's search input does not take text");
        }
        return load;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> measured(Object result) {
        if (!(result instanceof Map<?, ?>)) {
            throw new IllegalStateException("the page answered " + result + " instead of its measurements");
        }
        return (Map<String, Object>) result;
    }

    private static void report(Settings settings, List<Round> rounds, String date) throws IOException {
        Spread coldRender = Spread.of(rounds, r -> r.cold().firstRenderMs());
        Spread warmRender = Spread.of(rounds, r -> r.warm().firstRenderMs());
        Spread coldInteractive = Spread.of(rounds, r -> r.cold().interactiveMs());
        Spread warmInteractive = Spread.of(rounds, r -> r.warm().interactiveMs());
        Spread coldView = Spread.of(rounds, r -> r.cold().viewRenderedMs());
        Spread coldPaint = Spread.of(rounds, r -> r.cold().firstContentfulPaintMs());
        Spread coldLoad = Spread.of(rounds, r -> r.cold().loadEventMs());
        Spread reference = Spread.of(rounds, r -> r.reference().loadEventMs());
        PageLoad last = rounds.getLast().cold();
        PageLoad lastWarm = rounds.getLast().warm();
        StaticLoad lastReference = rounds.getLast().reference();
        double ratio = reference.p50() / coldRender.p50();
        String verdict = coldRender.p95() < GOAL_MS ? "met" : "missed";

        System.out.printf("%n%-34s p50/p95 over %d rounds%n", "marketplace, cold cache", rounds.size());
        System.out.printf("  %-32s %s%n", "first contentful paint", coldPaint.text());
        System.out.printf("  %-32s %s%n", "view in the document (mark)", coldView.text());
        System.out.printf("  %-32s %s%n", "first render (cards painted)", coldRender.text());
        System.out.printf("  %-32s %s%n", "interactive", coldInteractive.text());
        System.out.printf("  %-32s %s%n", "load event", coldLoad.text());
        System.out.printf(
                "  %-32s %.1f KB transferred, %.1f KB bodies, %d requests, %d cards%n",
                "weight", last.transferBytes() / 1024.0, last.encodedBytes() / 1024.0, last.requests(), last.cards());
        System.out.printf("%-34s%n", "marketplace, warm cache");
        System.out.printf("  %-32s %s%n", "first render (cards painted)", warmRender.text());
        System.out.printf("  %-32s %s%n", "interactive", warmInteractive.text());
        System.out.printf(
                "  %-32s %.1f KB transferred, %d requests%n",
                "weight", lastWarm.transferBytes() / 1024.0, lastWarm.requests());
        System.out.printf(
                "%-34s %s (%.1f KB)%n",
                "reference " + REFERENCE, reference.text(), lastReference.encodedBytes() / 1024.0);
        System.out.printf(
                "ratio %.2f (reference p50 / cold first render p50); goal: first render < 1 s (cold p95 %.0f ms) %s%n",
                ratio, coldRender.p95(), verdict.toUpperCase(Locale.ROOT));

        ResultsTable.Row row = new ResultsTable.Row(
                "marketplace-page",
                String.format(
                        Locale.ROOT,
                        "GET %s in headless Chromium, first render (cards painted) p50/p95 cold %s, warm %s;"
                                + " interactive cold %s, warm %s; %.1f KB transferred cold (%.1f KB warm) in %d requests,"
                                + " %d cards (%d rounds)",
                        MARKETPLACE,
                        coldRender.text(),
                        warmRender.text(),
                        coldInteractive.text(),
                        warmInteractive.text(),
                        last.transferBytes() / 1024.0,
                        lastWarm.transferBytes() / 1024.0,
                        last.requests(),
                        last.cards(),
                        rounds.size()),
                String.format(
                        Locale.ROOT,
                        "GET %s (%.1f KB) to its load event p50/p95 %s, cold, same browser",
                        REFERENCE,
                        lastReference.encodedBytes() / 1024.0,
                        reference.text()),
                String.format(
                        Locale.ROOT,
                        "%.2f (reference p50 / cold first render p50); goal: first render < 1 s (cold p95), %s",
                        ratio,
                        verdict),
                date);
        String text = Files.exists(settings.results()) ? Files.readString(settings.results()) : "";
        Files.writeString(settings.results(), ResultsTable.upsert(text, row));
        System.out.println("bench: wrote " + settings.results());
    }
}
