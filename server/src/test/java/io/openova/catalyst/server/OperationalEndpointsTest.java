package io.openova.catalyst.server;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What operators and tools read: readiness, Prometheus metrics, the OpenAPI document, the Blueprint schema. */
@QuarkusTest
class OperationalEndpointsTest {
    private static final int BUILT_IN_BLUEPRINTS = 83;

    @Test
    void shouldReportReadyWithBlueprintCountWhenCatalogIsLoaded() {
        // When
        Response response = given().get("/q/health/ready");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonPath body = response.jsonPath();
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getString("checks.find { it.name == 'catalog' }.status"))
                .isEqualTo("UP");
        assertThat(body.getInt("checks.find { it.name == 'catalog' }.data.blueprints"))
                .isEqualTo(BUILT_IN_BLUEPRINTS);
        assertThat(body.getString("checks.find { it.name == 'catalog' }.data.revision"))
                .isEqualTo(etagValue(given().get("/api/v1/blueprints").header("ETag")));
    }

    @Test
    void shouldExposeCatalogGaugeWhenMetricsAreScraped() {
        // When
        Response response = given().get("/q/metrics");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString().lines()).contains("catalyst_catalog_blueprints " + BUILT_IN_BLUEPRINTS + ".0");
    }

    @Test
    void shouldCountHttpRequestsPerRouteWhenBlueprintWasAsked() {
        // Given
        assertThat(given().get("/api/v1/blueprints/valkey").statusCode()).isEqualTo(200);

        // When
        Response response = given().get("/q/metrics");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString().lines()).anySatisfy(line -> assertThat(line)
                .startsWith("http_server_requests_seconds_count{")
                .contains(
                        "method=\"GET\"",
                        "status=\"200\"",
                        "outcome=\"SUCCESS\"",
                        "uri=\"/api/v1/blueprints/{name}\""));
    }

    @Test
    void shouldDocumentTheCatalogApiWhenOpenApiIsAskedAsJson() {
        // When
        Response response = given().queryParam("format", "json").get("/q/openapi");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonPath document = response.jsonPath();
        assertThat(document.getString("info.title")).isEqualTo("Catalyst API");
        assertThat(document.getMap("paths").keySet())
                .contains("/api/v1/blueprints", "/api/v1/blueprints/{name}", "/api/v1/blueprints/{name}/closure");
        List<String> listParameters = document.getList("paths.'/api/v1/blueprints'.get.parameters.name", String.class);
        assertThat(listParameters)
                .containsExactlyInAnyOrder("q", "category", "placement", "license", "sort", "page", "pageSize");
        assertThat(document.getList("paths.'/api/v1/blueprints'.get.parameters.in", String.class))
                .containsOnly("query");
        assertThat(document.getList("paths.'/api/v1/blueprints/{name}'.get.parameters.name", String.class))
                .containsExactly("name");
        assertThat(document.getString("paths.'/api/v1/blueprints/{name}'.get.parameters[0].in"))
                .isEqualTo("path");
    }

    @Test
    void shouldServeBlueprintJsonSchemaWhenItsPathIsAsked() {
        // When
        Response response = given().get("/schemas/blueprint.schema.json");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonPath schema = response.jsonPath();
        assertThat(schema.getString("'$id'")).isEqualTo("https://catalyst.openova.io/schemas/blueprint/v1alpha1");
        assertThat(schema.getString("'$schema'")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.getList("required", String.class)).contains("apiVersion", "kind", "metadata", "spec");
        assertThat(schema.getString("properties.kind.const")).isEqualTo("Blueprint");
    }

    /** {@code W/"abc"} to {@code abc}. */
    private static String etagValue(String etag) {
        assertThat(etag).startsWith("W/\"").endsWith("\"");
        return etag.substring(3, etag.length() - 1);
    }
}
