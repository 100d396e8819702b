package io.openova.catalyst.testing.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keycloak's admin REST API as the {@code master} realm's administrator, for tests that need realms, users or sessions
 * of their own (the shared server's imported realms must stay as they are). Each call gets a fresh admin token: they
 * live one minute.
 *
 * <p>Failures throw {@link IllegalStateException} with the method, path and status; never a token or password.
 */
public final class KeycloakAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final KeycloakServer server;
    private final HttpClient http;

    KeycloakAdmin(KeycloakServer server, HttpClient http) {
        this.server = server;
        this.http = http;
    }

    /**
     * Creates realm {@code name} as a copy of the imported realm {@code template} (its roles, clients and users, all
     * with password {@link KeycloakRealms#PASSWORD}), after {@code change} has edited its representation. The copy is
     * the caller's: delete it with {@link #deleteRealm}.
     *
     * @param template one of {@link KeycloakRealms#ALL}
     */
    public void createRealm(String template, String name, Consumer<ObjectNode> change) {
        ObjectNode realm = template(template);
        realm.put("realm", name);
        realm.remove("id");
        change.accept(realm);
        send("POST", "/admin/realms", realm, 201);
    }

    /** Deletes realm {@code name}, with its users and sessions. */
    public void deleteRealm(String name) {
        send("DELETE", "/admin/realms/" + encode(name), null, 204);
    }

    /** The id of {@code username} in {@code realm}: the {@code sub} of the user's tokens. */
    public String userId(String realm, String username) {
        JsonNode users = send(
                "GET", "/admin/realms/" + encode(realm) + "/users?exact=true&username=" + encode(username), null, 200);
        if (users.size() != 1) {
            throw new IllegalStateException("realm " + realm + " has no one user named " + username);
        }
        return users.get(0).path("id").asText();
    }

    /** The ids of the user's sessions at Keycloak: the {@code sid} of the ID and logout tokens. */
    public List<String> userSessions(String realm, String userId) {
        JsonNode sessions =
                send("GET", "/admin/realms/" + encode(realm) + "/users/" + encode(userId) + "/sessions", null, 200);
        List<String> ids = new ArrayList<>();
        sessions.forEach(session -> ids.add(session.path("id").asText()));
        return ids;
    }

    /**
     * Logs the user out of every session, as an administrator does in the admin console: Keycloak sends the
     * back-channel logout of each client that has one, before it answers.
     */
    public void logOutUser(String realm, String userId) {
        send("POST", "/admin/realms/" + encode(realm) + "/users/" + encode(userId) + "/logout", null, 204);
    }

    /** Ends one session of a user (its {@code sid}); Keycloak sends the clients' back-channel logouts. */
    public void endSession(String realm, String sessionId) {
        send("DELETE", "/admin/realms/" + encode(realm) + "/sessions/" + encode(sessionId), null, 204);
    }

    private static ObjectNode template(String template) {
        if (!KeycloakRealms.ALL.contains(template)) {
            throw new IllegalArgumentException("template: one of " + KeycloakRealms.ALL + ", not " + template);
        }
        String resource = "/catalyst/keycloak/realms/" + template + ".json";
        try (InputStream in = KeycloakAdmin.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("realm file " + resource + " could not be read", e);
        }
    }

    private JsonNode send(String method, String path, JsonNode body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + adminToken())
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = exchange(request.build());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Keycloak's admin API answered " + method + " " + path + " with HTTP "
                    + response.statusCode() + ", not " + expected);
        }
        return parse(response.body());
    }

    private String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=" + encode(server.adminUsername())
                + "&password=" + encode(server.adminPassword());
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(server.tokenEndpoint("master")))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        String token = parse(response.body()).path("access_token").asText("");
        if (response.statusCode() != 200 || token.isEmpty()) {
            throw new IllegalStateException(
                    "Keycloak refused the administrator's password grant: HTTP " + response.statusCode());
        }
        return token;
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Keycloak's admin API did not answer " + request.uri().getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Keycloak's admin API", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
