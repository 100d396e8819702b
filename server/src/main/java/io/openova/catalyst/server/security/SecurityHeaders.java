package io.openova.catalyst.server.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Browser-safety headers on every answer: a strict Content-Security-Policy (only this origin's own scripts, styles,
 * images and connections; no inline script or style, no framing, no plugins), no MIME sniffing, and no referrer. The operator pages under {@code /q/} (Swagger UI needs inline script) get everything but
 * the script policy. The console's files are revalidated on every use ({@code Cache-Control: no-cache}), so a browser
 * never runs an older console than the server serves.
 */
@ApplicationScoped
public class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    private static final String CONSOLE = "/console/";
    private static final String OPERATOR_PAGES_POLICY = "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        filters.register(
                context -> {
                    String path = context.normalizedPath();
                    var headers = context.response().headers();
                    headers.set(
                            "Content-Security-Policy",
                            path.startsWith("/q/") ? OPERATOR_PAGES_POLICY : CONTENT_SECURITY_POLICY);
                    headers.set("X-Content-Type-Options", "nosniff");
                    headers.set("Referrer-Policy", "no-referrer");
                    headers.set("X-Frame-Options", "DENY");
                    headers.set("Cross-Origin-Opener-Policy", "same-origin");
                    if (path.startsWith(CONSOLE)) {
                        // The static handler marks its files immutable for a day; the console's names carry no
                        // version, so after an upgrade a browser would keep the old console. Revalidate instead.
                        context.addHeadersEndHandler(ignored -> headers.set("Cache-Control", "no-cache"));
                    }
                    context.next();
                },
                100);
    }
}
