package io.openova.catalyst.server.provisioning;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.server.security.TestIdentity;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The provisioning API as the tests call it. All {@code @QuarkusTest} classes of a run share one data directory, so
 * every test works in an Organization of its own ({@link #uniqueName}).
 */
public final class ProvisioningApi {
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String PROBLEMS = "https://catalyst.openova.io/problems/";

    private ProvisioningApi() {}

    /** {@code prefix} plus 8 random hex digits: a DNS-1123 label no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String environments(String org) {
        return "/api/v1/orgs/" + org + "/environments";
    }

    public static String commits(String org, String env) {
        return environments(org) + "/" + env + "/commits";
    }

    public static String rollback(String org, String env) {
        return environments(org) + "/" + env + "/rollback";
    }

    public static String applications(String org, String env) {
        return environments(org) + "/" + env + "/applications";
    }

    public static String application(String org, String env, String app) {
        return applications(org, env) + "/" + app;
    }

    public static Response createEnvironment(String org, String env) {
        TestIdentity.organization(org);
        return given().contentType(ContentType.JSON).body(Map.of("name", env)).post(environments(org));
    }

    /** Creates an Environment, failing the test if that does not work; returns its first commit. */
    public static String givenEnvironment(String org, String env) {
        Response response = createEnvironment(org, env);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        return response.jsonPath().getString("commit");
    }

    public static Response install(String org, String env, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(applications(org, env));
    }

    /** Installs, failing the test if that does not work; returns the response body. */
    public static JsonPath givenInstalled(String org, String env, Map<String, Object> body) {
        Response response = install(org, env, body);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        return response.jsonPath();
    }

    /** The history of an Environment, newest first, as the commits endpoint answers it. */
    public static JsonPath history(String org, String env) {
        Response response = given().queryParam("limit", 500).get(commits(org, env));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response.jsonPath();
    }

    public static List<String> commitIds(String org, String env) {
        return history(org, env).getList("commit", String.class);
    }

    public static List<String> subjects(String org, String env) {
        return history(org, env).getList("subject", String.class);
    }

    /** What the server answered to a request sent without RestAssured. */
    public record RawResponse(int status, String contentType, String body) {
        public JsonPath json() {
            return JsonPath.from(body);
        }
    }

    /**
     * POSTs {@code body} with plain {@link HttpClient}: RestAssured's request logging pretty-prints JSON bodies, which
     * for a deeply nested one costs the test JVM more memory than it has.
     */
    public static RawResponse rawPost(String path, String contentType, String body) {
        return send(path, contentType, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /** {@link #rawPost} without a Content-Length: the body is sent in chunks, its size known only at the end. */
    public static RawResponse rawPostChunked(String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(path, contentType, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
    }

    private static RawResponse send(String path, String contentType, HttpRequest.BodyPublisher body) {
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", contentType)
                    .header("Authorization", "Bearer " + TestIdentity.sovereignAdminToken())
                    .POST(body)
                    .build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new RawResponse(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting to " + path, e);
        }
    }

    /** {@link #assertProblem(Response, int, String, String)} for a {@link RawResponse}. */
    public static JsonPath assertProblem(RawResponse response, int status, String slug, String instance) {
        assertThat(response.status()).as(abbreviated(response.body())).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        JsonPath problem = response.json();
        assertThat(problem.getString("type")).isEqualTo(PROBLEMS + slug);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(problem.getString("instance")).isEqualTo(instance);
        return problem;
    }

    private static String abbreviated(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }

    /** Asserts an RFC 9457 problem document with the given status and type; returns it for further checks. */
    public static JsonPath assertProblem(Response response, int status, String slug, String instance) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo(PROBLEM_JSON);
        JsonPath problem = response.jsonPath();
        assertThat(problem.getString("type")).isEqualTo(PROBLEMS + slug);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getInt("status")).isEqualTo(status);
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(problem.getString("instance")).isEqualTo(instance);
        return problem;
    }
}
