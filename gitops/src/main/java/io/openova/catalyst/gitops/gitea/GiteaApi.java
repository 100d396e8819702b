package io.openova.catalyst.gitops.gitea;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.gitops.EnvironmentRepositories;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The calls Catalyst makes to Gitea's REST API (v1), one method per call; {@code docs/gitea.md} lists them. Every
 * request carries {@code Authorization: token <token>} and {@code Accept: application/json}; requests with a body send
 * it as {@code application/json}. Answers Gitea documents for a call are results; anything else is a
 * {@link GiteaException} naming the call and, for 401 and 403, what the token lacks.
 */
final class GiteaApi {
    /** Gitea's default (and maximum unless configured otherwise) page size, {@code [api] MAX_RESPONSE_ITEMS}. */
    static final int PAGE_SIZE = 50;

    static final String TOKEN_SCOPES = "write:organization, write:repository and read:user";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_PAGES = 10_000;
    private static final int MAX_MESSAGE = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GiteaSettings settings;
    private final HttpClient client;

    GiteaApi(GiteaSettings settings, HttpClient client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
    }

    /** A repository as the API lists it. */
    record Repository(String name, boolean empty) {}

    /** {@code GET /orgs/{org}}: 200 when it exists, 404 when not. */
    boolean organizationExists(String org) {
        Answer answer = send("GET", "orgs/" + org, null);
        return switch (answer.status()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw failure(answer);
        };
    }

    /**
     * Makes sure the organization exists: {@code GET /orgs/{org}}, and when it is missing {@code POST /orgs}
     * {@code {username, visibility: private}} (201). Gitea answers 422 when the name is taken (by another writer that
     * created it meanwhile, or by a user) or reserved: the organization is then looked up again.
     */
    void ensureOrganization(String org) {
        if (organizationExists(org)) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("username", org);
        body.put("visibility", "private");
        Answer answer = send("POST", "orgs", body);
        switch (answer.status()) {
            case 201 -> {}
            case 422 -> {
                if (!organizationExists(org)) {
                    throw new GiteaException(
                            422,
                            "Gitea refused to create the organization '" + org + "' (HTTP 422 to POST /api/v1/orgs):"
                                    + " the name is reserved or taken by a user; Gitea said: " + answer.message());
                }
            }
            default -> throw failure(answer);
        }
    }

    /**
     * {@code POST /orgs/{org}/repos {name, private: true, auto_init: false, default_branch: main}}: true when created
     * (201), false when a repository of that name exists (409).
     */
    boolean createRepository(String org, String name) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("private", true);
        body.put("auto_init", false);
        body.put("default_branch", EnvironmentRepositories.BRANCH);
        Answer answer = send("POST", "orgs/" + org + "/repos", body);
        return switch (answer.status()) {
            case 201 -> true;
            case 409 -> false;
            default -> throw failure(answer);
        };
    }

    /** {@code GET /repos/{org}/{name}}: the repository (200), or empty when there is none (404). */
    Optional<Repository> repository(String org, String name) {
        Answer answer = send("GET", "repos/" + org + "/" + name, null);
        return switch (answer.status()) {
            case 200 -> Optional.of(repository(answer.json()));
            case 404 -> Optional.empty();
            default -> throw failure(answer);
        };
    }

    /** {@code GET /repos/{org}/{name}/hooks} (paginated): the target URLs of the repository's webhooks. */
    List<String> hookUrls(String org, String name) {
        return pages("repos/" + org + "/" + name + "/hooks").stream()
                .map(hook -> hook.path("config").path("url").asText(""))
                .toList();
    }

    /**
     * {@code POST /repos/{org}/{name}/hooks {type: gitea, config: {url, content_type: json, secret}, events: [push],
     * active: true}}: 201 (200 in old Gitea versions).
     */
    void createHook(String org, String name) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "gitea");
        ObjectNode config = body.putObject("config");
        config.put("url", settings.webhookUrl());
        config.put("content_type", "json");
        config.put("secret", settings.webhookSecret());
        body.putArray("events").add("push");
        body.put("active", true);
        Answer answer = send("POST", "repos/" + org + "/" + name + "/hooks", body);
        if (answer.status() != 201 && answer.status() != 200) {
            throw failure(answer);
        }
    }

    /** Registers the push webhook unless the repository has one to {@link GiteaSettings#webhookUrl()} already. */
    void ensureHook(String org, String name) {
        if (!hookUrls(org, name).contains(settings.webhookUrl())) {
            createHook(org, name);
        }
    }

    /** {@code GET /user/orgs} (paginated): the organizations the token's user belongs to. */
    List<String> organizations() {
        return pages("user/orgs").stream()
                .map(org -> org.hasNonNull("username")
                        ? org.get("username").asText()
                        : org.path("name").asText(""))
                .toList();
    }

    /** {@code GET /orgs/{org}/repos} (paginated): the repositories of an organization. */
    List<Repository> repositories(String org) {
        return pages("orgs/" + org + "/repos").stream()
                .map(GiteaApi::repository)
                .toList();
    }

    private static Repository repository(JsonNode json) {
        return new Repository(json.path("name").asText(""), json.path("empty").asBoolean(false));
    }

    /**
     * Every item of a paginated list: {@code ?page=1&limit=50}, then the next page, until a page is empty or the
     * {@code X-Total-Count} header says all were read.
     */
    private List<JsonNode> pages(String path) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            Answer answer = send("GET", path + "?page=" + page + "&limit=" + PAGE_SIZE, null);
            if (answer.status() != 200) {
                throw failure(answer);
            }
            JsonNode json = answer.json();
            if (!json.isArray()) {
                throw new GiteaException(200, answer.call() + " answered something else than a JSON array");
            }
            if (json.isEmpty()) {
                return items;
            }
            json.forEach(items::add);
            OptionalLong total = answer.totalCount();
            if (total.isPresent() && items.size() >= total.getAsLong()) {
                return items;
            }
        }
        throw new GiteaException(200, "GET /api/v1/" + path + " has more than " + MAX_PAGES + " pages");
    }

    private Answer send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.api(path))
                .timeout(TIMEOUT)
                .header("Authorization", "token " + settings.token())
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write JSON", e);
            }
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        String call = method + " /api/v1/" + path;
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(call, response);
        } catch (IOException e) {
            throw new GiteaException(0, "Gitea at " + settings.baseUrl() + " did not answer " + call + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GiteaException(0, "interrupted while waiting for Gitea to answer " + call);
        }
    }

    private static GiteaException failure(Answer answer) {
        return switch (answer.status()) {
            case 401 ->
                new GiteaException(
                        401,
                        "Gitea rejected the token (HTTP 401 to " + answer.call()
                                + "): it is missing, invalid or expired;" + " configure a valid access token");
            case 403 ->
                new GiteaException(
                        403,
                        "the Gitea token lacks permission for " + answer.call() + " (HTTP 403): it needs the scopes "
                                + TOKEN_SCOPES + ", and its user must be allowed to create organizations and own the"
                                + " Environments' organizations; Gitea said: " + answer.message());
            default ->
                new GiteaException(
                        answer.status(),
                        "Gitea answered HTTP " + answer.status() + " to " + answer.call() + ": " + answer.message());
        };
    }

    /** An answer of Gitea to one call. */
    private record Answer(String call, HttpResponse<byte[]> response) {
        int status() {
            return response.statusCode();
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new GiteaException(status(), call + " answered something else than JSON: " + e.getMessage());
            }
        }

        OptionalLong totalCount() {
            try {
                return response.headers()
                        .firstValue("X-Total-Count")
                        .map(value -> OptionalLong.of(Long.parseLong(value.strip())))
                        .orElse(OptionalLong.empty());
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }

        /** Gitea's {@code message} field, or the start of the body, on one printable line. */
        String message() {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            try {
                JsonNode json = JSON.readTree(text);
                if (json != null && json.hasNonNull("message")) {
                    text = json.get("message").asText();
                }
            } catch (IOException e) {
                // not JSON: show the text itself
            }
            String line = text.codePoints()
                    .map(c -> c < 0x20 || c == 0x7f ? ' ' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString()
                    .strip();
            if (line.isEmpty()) {
                return "(no message)";
            }
            return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "..." : line;
        }
    }
}
