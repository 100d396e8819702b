package io.openova.catalyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small client of the Catalyst API: JSON in and out, problem+json turned into one readable line. */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final Optional<String> token;
    private final HttpClient http;

    /** A client sending {@code token}, when there is one, as {@code Authorization: Bearer}. */
    ApiClient(URI server, String token) {
        this.server = server;
        this.token = Optional.ofNullable(token).map(String::strip).filter(value -> !value.isEmpty());
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Thrown with the line to print: the server's refusal or why it could not be reached. */
    static final class ApiError extends Exception {
        private static final long serialVersionUID = 1L;

        ApiError(String message) {
            super(message);
        }
    }

    JsonNode send(String method, String path, Optional<JsonNode> body, Optional<String> idempotencyKey)
            throws ApiError {
        return exchange(method, path, body, idempotencyKey).body();
    }

    /** An answer's JSON, and the address of its {@code Link: <...>; rel="next"} when it has one. */
    record Answer(JsonNode body, Optional<String> next) {}

    /** {@code GET path}, with the next page's address when the answer links to one. */
    Answer page(String path) throws ApiError {
        return exchange("GET", path, Optional.empty(), Optional.empty());
    }

    private Answer exchange(String method, String path, Optional<JsonNode> body, Optional<String> idempotencyKey)
            throws ApiError {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        idempotencyKey.ifPresent(key -> request.header("Idempotency-Key", key));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        if (body.isPresent()) {
            request.header("Content-Type", "application/json")
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(body.get().toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ApiError("cannot reach the Catalyst server at " + server + " (is './catalyst server' running?)");
        } catch (IOException e) {
            throw new ApiError("request to " + server + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError("interrupted");
        }
        JsonNode answer = parse(response.body());
        if (response.statusCode() == 401) {
            throw new ApiError(problem(response.statusCode(), answer)
                    + (token.isEmpty() ? " (log in: export CATALYST_TOKEN=$(catalyst login --username <you>))" : ""));
        }
        if (response.statusCode() >= 400) {
            throw new ApiError(problem(response.statusCode(), answer));
        }
        Optional<String> next = response.headers().allValues("Link").stream()
                .map(NEXT::matcher)
                .filter(Matcher::matches)
                .map(matcher -> matcher.group(1))
                .findFirst();
        return new Answer(answer, next);
    }

    private static final Pattern NEXT = Pattern.compile("\\s*<([^>]+)>\\s*;\\s*rel=\"?next\"?\\s*");

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("detail", body.strip());
        }
    }

    /** {@code 422 Invalid config: /config/instances: must be ...; /config/x: ...}. */
    static String problem(int status, JsonNode problem) {
        StringBuilder line = new StringBuilder().append(status);
        if (problem.hasNonNull("title")) {
            line.append(' ').append(problem.get("title").asText());
        }
        JsonNode errors = problem.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            line.append(": ");
            for (int i = 0; i < errors.size(); i++) {
                JsonNode e = errors.get(i);
                String where = e.hasNonNull("pointer")
                        ? e.get("pointer").asText()
                        : e.hasNonNull("parameter")
                                ? e.get("parameter").asText()
                                : e.path("header").asText();
                line.append(i == 0 ? "" : "; ")
                        .append(where)
                        .append(": ")
                        .append(e.path("detail").asText());
            }
        } else if (problem.hasNonNull("detail")) {
            line.append(": ").append(problem.get("detail").asText());
        }
        return line.toString().replace('\n', ' ');
    }

    static ObjectMapper json() {
        return JSON;
    }
}
