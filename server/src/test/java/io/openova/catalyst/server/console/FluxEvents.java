package io.openova.catalyst.server.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Flux's notification-controller as the console tests play it: signed HelmRelease events for an Environment. */
final class FluxEvents {
    private final String base;
    private final String token;

    private FluxEvents(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Issues the Environment's webhook token. */
    static FluxEvents of(String org, String env) {
        String base = "/api/v1/orgs/" + org + "/environments/" + env;
        Response issued = given().put(base + "/flux-webhook");
        assertThat(issued.statusCode()).as(issued.asString()).isEqualTo(200);
        return new FluxEvents(base, issued.jsonPath().getString("token"));
    }

    /**
     * Flux reports the HelmRelease of {@code app} with a severity and reason, as helm-controller does, stamped now (the
     * screenshots show the time).
     */
    void helmRelease(String app, String severity, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] body = ("{\"involvedObject\":{\"kind\":\"HelmRelease\",\"namespace\":\"" + app + "\",\"name\":\"" + app
                        + "\"},\"severity\":\"" + severity + "\",\"timestamp\":\"" + now + "\",\"message\":\""
                        + message + "\",\"reason\":\"" + reason + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Response response = given().contentType(ContentType.JSON)
                .header("X-Signature", sign(body))
                .body(body)
                .post(base + "/flux-events");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
    }

    private String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
