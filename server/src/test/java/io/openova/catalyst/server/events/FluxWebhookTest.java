package io.openova.catalyst.server.events;

import static io.openova.catalyst.server.provisioning.ProvisioningApi.assertProblem;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenInstalled;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.SpineMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Flux notification-controller events for an Environment, authenticated by its token, become status events. */
@QuarkusTest
class FluxWebhookTest {
    @Inject
    EventSpine spine;

    private static String base(String org, String env) {
        return "/api/v1/orgs/" + org + "/environments/" + env;
    }

    private static byte[] helmRelease(String app, String severity, String reason) {
        return ("{\"involvedObject\":{\"kind\":\"HelmRelease\",\"namespace\":\"" + app + "\",\"name\":\"" + app
                        + "\"},\"severity\":\"" + severity
                        + "\",\"timestamp\":\"2026-11-22T03:00:00Z\",\"message\":\"m\","
                        + "\"reason\":\"" + reason + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(String token, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static String issue(String org, String env) {
        Response response = given().put(base(org, env) + "/flux-webhook");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getString("path")).isEqualTo(base(org, env) + "/flux-events");
        assertThat(body.getString("provider")).contains("type: generic-hmac", base(org, env) + "/flux-events");
        return body.getString("token");
    }

    private List<String> subjects(String org, String env) {
        return spine.read(org, 0, "catalyst." + org + "." + env + ".app.>", 100).stream()
                .map(SpineMessage::subject)
                .toList();
    }

    private static Response post(String org, String env, byte[] body, String header, String value) {
        var request = given().auth().none().contentType(ContentType.JSON).body(body);
        if (header != null) {
            request.header(header, value);
        }
        return request.post(base(org, env) + "/flux-events");
    }

    @Test
    void shouldTurnASignedHelmReleaseEventIntoAReadyEventOfItsApplication() throws Exception {
        // Given
        String org = uniqueName("wh");
        givenEnvironment(org, "prod");
        String token = issue(org, "prod");
        byte[] body = helmRelease("db", "info", "InstallSucceeded");

        // When
        Response response = post(org, "prod", body, "X-Signature", sign(token, body));
        Response again = post(org, "prod", body, "X-Signature", sign(token, body));

        // Then: accepted twice, stored once
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        assertThat(response.jsonPath().getList("events", String.class)).containsExactly("ready db");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(subjects(org, "prod")).containsExactly("catalyst." + org + ".prod.app.db.ready");
    }

    @Test
    void shouldMakeAnInstalledApplicationReadyInTheStatusWhenFluxReportsItsReleaseReady() throws Exception {
        // Given
        String org = uniqueName("wh");
        givenEnvironment(org, "prod");
        givenInstalled(org, "prod", Map.of("name", "db", "blueprint", "cnpg"));
        String token = issue(org, "prod");
        byte[] body = helmRelease("db", "info", "InstallSucceeded");

        // When
        Response response = post(org, "prod", body, "X-Signature", sign(token, body));

        // Then
        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(given().get(base(org, "prod") + "/status")
                        .jsonPath()
                        .getString("applications.find { it.name == 'db' }.phase"))
                .isEqualTo("READY"));
    }

    @Test
    void shouldAcceptTheTokenAsABearerTokenFromAGenericProvider() {
        // Given
        String org = uniqueName("wh");
        givenEnvironment(org, "prod");
        String token = issue(org, "prod");

        // When
        Response response =
                post(org, "prod", helmRelease("cache", "error", "UpgradeFailed"), "Authorization", "Bearer " + token);

        // Then
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        assertThat(subjects(org, "prod")).containsExactly("catalyst." + org + ".prod.app.cache.degraded");
    }

    @Test
    void shouldRefuseAMissingWrongOrStaleSignatureWithTheSameAnswerAndPublishNothing() throws Exception {
        // Given
        String org = uniqueName("wh");
        givenEnvironment(org, "prod");
        String old = issue(org, "prod");
        String token = issue(org, "prod");
        byte[] body = helmRelease("db", "info", "InstallSucceeded");

        // When / Then
        for (Response refused : List.of(
                post(org, "prod", body, null, null),
                post(org, "prod", body, "X-Signature", sign(old, body)),
                post(org, "prod", body, "X-Signature", "sha256=zz"),
                post(
                        org,
                        "prod",
                        body,
                        "X-Signature",
                        "md5=" + sign(token, body).substring(7)),
                post(org, "prod", body, "Authorization", "Bearer " + old),
                post(org, "nowhere", body, "X-Signature", sign(token, body)))) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.jsonPath().getString("detail")).contains("webhook token");
        }
        assertThat(subjects(org, "prod")).isEmpty();
    }

    @Test
    void shouldNameTheFieldOfASignedBodyThatIsNotAFluxEvent() throws Exception {
        // Given
        String org = uniqueName("wh");
        givenEnvironment(org, "prod");
        String token = issue(org, "prod");
        byte[] body = "{\"involvedObject\":{\"name\":\"db\"}}".getBytes(StandardCharsets.UTF_8);

        // When
        Response response = post(org, "prod", body, "X-Signature", sign(token, body));

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.jsonPath().getString("errors[0].pointer")).isEqualTo("/involvedObject/kind");
        assertThat(subjects(org, "prod")).isEmpty();
    }

    @Test
    void shouldNotIssueATokenForAnEnvironmentThatDoesNotExist() {
        // Given
        String path = base(uniqueName("wh"), "prod") + "/flux-webhook";

        // When
        Response response = given().put(path);

        // Then
        assertProblem(response, 404, "not-found", path);
    }
}
