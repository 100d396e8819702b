package io.openova.catalyst.server.provisioning;

import static io.openova.catalyst.server.provisioning.ProvisioningApi.assertProblem;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.commitIds;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.givenEnvironment;
import static io.openova.catalyst.server.provisioning.ProvisioningApi.uniqueName;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Helm values of an Application and the config of edited ones, over HTTP. Nothing is ever written. */
@QuarkusTest
class HelmValuesResourceTest {
    private final String org = uniqueName("org");
    private final String path = "/api/v1/orgs/" + org + "/environments/prod/helm-values";

    private Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> composedValues() {
        Response rendered = post(Map.of("name", "cache", "blueprint", "valkey", "config", Map.of("replicas", 2)));
        assertThat(rendered.statusCode()).as(rendered.asString()).isEqualTo(200);
        return new HashMap<>(rendered.jsonPath().getMap("values"));
    }

    @Test
    void shouldAnswerTheComposedValuesAndTheConfigOfEditedOnesWithoutWriting() {
        // Given
        givenEnvironment(org, "prod");
        int commits = commitIds(org, "prod").size();
        Map<String, Object> values = composedValues();
        @SuppressWarnings("unchecked")
        Map<String, Object> replica = new HashMap<>((Map<String, Object>) values.get("replica"));
        replica.put("replicas", 4);
        values.put("replica", replica);

        // When
        Response edited =
                post(Map.of("name", "cache", "blueprint", "valkey", "config", Map.of("replicas", 2), "values", values));

        // Then
        assertThat(edited.statusCode()).as(edited.asString()).isEqualTo(200);
        JsonPath answer = edited.jsonPath();
        assertThat(answer.getInt("config.replicas")).isEqualTo(4);
        assertThat(answer.getInt("values.replica.replicas")).isEqualTo(4);
        assertThat(commitIds(org, "prod")).hasSize(commits);
    }

    @Test
    void shouldNameEachValueTheBlueprintFixesAndEachConfigViolation() {
        // Given
        givenEnvironment(org, "prod");
        Map<String, Object> fixed = composedValues();
        fixed.put("image", "evil/valkey:latest");
        Map<String, Object> tooMany = composedValues();
        @SuppressWarnings("unchecked")
        Map<String, Object> replica = new HashMap<>((Map<String, Object>) tooMany.get("replica"));
        replica.put("replicas", 99);
        tooMany.put("replica", replica);

        // When
        Response refusedValues = post(Map.of("name", "cache", "blueprint", "valkey", "values", fixed));
        Response refusedConfig = post(Map.of("name", "cache", "blueprint", "valkey", "values", tooMany));

        // Then
        JsonPath values = assertProblem(refusedValues, 422, "invalid-values", path);
        assertThat(values.getList("errors.pointer")).containsExactly("/values/image");
        JsonPath config = assertProblem(refusedConfig, 422, "invalid-config", path);
        assertThat(config.getList("errors.pointer")).contains("/config/replicas");
    }

    @Test
    void shouldRefuseAnUnknownEnvironmentBlueprintOrFieldAndAChartlessBlueprint() {
        // Given
        givenEnvironment(org, "prod");

        // When
        Response noEnvironment = given().contentType(ContentType.JSON)
                .body(Map.of("name", "cache", "blueprint", "valkey"))
                .post("/api/v1/orgs/" + org + "/environments/staging/helm-values");
        Response noBlueprint = post(Map.of("name", "cache", "blueprint", "no-such-blueprint"));
        Response unknownField = post(Map.of("name", "cache", "blueprint", "valkey", "chart", "x"));
        Response chartless = post(Map.of("name", "docs", "blueprint", "ferretdb"));

        // Then
        assertThat(noEnvironment.statusCode()).isEqualTo(404);
        assertThat(noBlueprint.statusCode()).isEqualTo(404);
        assertProblem(unknownField, 400, "invalid-request", path);
        assertThat(chartless.statusCode()).as(chartless.asString()).isEqualTo(409);
    }
}
