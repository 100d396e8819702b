package io.openova.catalyst.server.console;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every console test class shares: one browser per class, and per test a fresh page signed in as the tests'
 * Sovereign admin at the console's address.
 */
abstract class ConsoleTest {
    static ConsoleBrowser browser;

    @TestHTTPResource("/console/")
    URL console;

    ConsoleBrowser.ConsolePage tab;
    Page page;

    @BeforeAll
    static void launch() {
        browser = ConsoleBrowser.launch();
    }

    @AfterAll
    static void quit() {
        browser.close();
    }

    @BeforeEach
    void open() {
        tab = browser.open(console);
        page = tab.page;
    }

    @AfterEach
    void close() {
        tab.close();
    }
}
