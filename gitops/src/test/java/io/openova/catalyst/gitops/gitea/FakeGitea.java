package io.openova.catalyst.gitops.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A Gitea for tests, on 127.0.0.1: the REST calls Catalyst makes (as Gitea 1.2x answers them, see {@code
 * docs/gitea.md}), recorded, and Git smart HTTP served by the real {@code git http-backend} with HTTP Basic
 * authentication by token. Creating a repository through the API creates a bare repository that accepts pushes.
 *
 * <p>What it does not do: Gitea's own server-side hooks (the webhook is recorded, never called), permissions beyond
 * "the token is right", reserved names, rate limits.
 */
public final class FakeGitea implements AutoCloseable {
    public static final String TOKEN = "gt-0123456789abcdef-test-token";
    public static final String API = "/api/v1/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GIT_PATH = Pattern.compile("/([^/]+)/([^/]+)\\.git(/.*)?");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path gitRoot;
    private final Path home;
    private final GitHttpBackend backend;
    private final List<RecordedRequest> apiRequests = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> gitRequests = new CopyOnWriteArrayList<>();
    private final List<Scripted> scripted = new ArrayList<>();
    private final List<Runnable> beforePush = new ArrayList<>();
    private final Object state = new Object();
    private final Map<String, Integer> organizations = new TreeMap<>();
    private final Map<String, List<JsonNode>> repositories = new TreeMap<>();
    private int nextId = 1;
    private int maxPageSize = GiteaApi.PAGE_SIZE;

    private record Scripted(String method, String path, int status, String body) {}

    private FakeGitea(Path directory) throws IOException {
        this.gitRoot = Files.createDirectories(directory.resolve("repositories"));
        this.home = Files.createDirectories(directory.resolve("home"));
        this.backend = new GitHttpBackend(gitRoot, home, directory.resolve("http-backend.log"));
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake Gitea keeping its repositories under {@code directory}. */
    public static FakeGitea start(Path directory) {
        try {
            return new FakeGitea(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The root URL, like {@code https://git.example.com/}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Settings for an adapter that talks to this Gitea, with its mirrors in {@code cacheDir}. */
    public GiteaSettings settings(Path cacheDir) {
        return new GiteaSettings(
                baseUrl(), TOKEN, "https://catalyst.example.com/api/v1/webhooks/gitea", "hook-secret-42", cacheDir);
    }

    /** The REST calls received so far, in order. */
    public List<RecordedRequest> apiRequests() {
        return List.copyOf(apiRequests);
    }

    /** The Git smart-HTTP requests received so far, in order. */
    public List<RecordedRequest> gitRequests() {
        return List.copyOf(gitRequests);
    }

    public void clearRequests() {
        apiRequests.clear();
        gitRequests.clear();
    }

    /** The next REST call {@code method path} (path without the query) gets this answer instead of the usual one. */
    public void answerNext(String method, String path, int status, String body) {
        synchronized (state) {
            scripted.add(new Scripted(method, path, status, body));
        }
    }

    /**
     * Runs {@code action} when the next push arrives ({@code POST .../git-receive-pack}), before {@code git
     * http-backend} sees it: a moment between the pusher's last look at the branch and the server's update of it. An
     * exception of {@code action} fails that push with HTTP 500.
     */
    public void beforeNextPush(Runnable action) {
        synchronized (state) {
            beforePush.add(action);
        }
    }

    /** Lists return at most {@code size} items per page, as Gitea does with {@code [api] MAX_RESPONSE_ITEMS}. */
    public void limitPageSize(int size) {
        synchronized (state) {
            maxPageSize = size;
        }
    }

    /** Adds an organization, as if someone had created it. */
    public void addOrganization(String org) {
        synchronized (state) {
            organizations.computeIfAbsent(org, name -> nextId++);
        }
    }

    /** Adds an empty repository (with its organization), as if someone had created it through the API. */
    public void addRepository(String org, String name) {
        synchronized (state) {
            addOrganization(org);
            createRepository(org, name);
        }
    }

    /** The bare repository behind {@code org/name}. */
    public Path repositoryDirectory(String org, String name) {
        return gitRoot.resolve(org).resolve(name + ".git");
    }

    /** Runs {@code git} in the bare repository behind {@code org/name}, as someone with shell access would. */
    public String git(String org, String name, String... arguments) {
        return GitHttpBackend.git(repositoryDirectory(org, name), home, arguments);
    }

    /** The webhooks of a repository, as Gitea stores them (with the secret). */
    public List<JsonNode> hooks(String org, String name) {
        synchronized (state) {
            return List.copyOf(repositories.getOrDefault(org + "/" + name, List.of()));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            RecordedRequest request = record(exchange, body);
            try {
                if (request.path().startsWith(API)) {
                    apiRequests.add(request);
                    api(exchange, request);
                } else {
                    gitRequests.add(request);
                    git(exchange, request, body);
                }
            } catch (RuntimeException e) {
                send(exchange, 500, error(e.toString()));
            }
        }
    }

    private static RecordedRequest record(HttpExchange exchange, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        String query = exchange.getRequestURI().getRawQuery();
        return new RecordedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                query == null ? "" : query,
                headers,
                new String(body, StandardCharsets.UTF_8));
    }

    // ---- Git smart HTTP ----

    private void git(HttpExchange exchange, RecordedRequest request, byte[] body) throws IOException {
        Optional<String> user = basicUser(request);
        if (user.isEmpty()) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Gitea\"");
            send(exchange, 401, "Unauthorized\n");
            return;
        }
        Matcher path = GIT_PATH.matcher(request.path());
        boolean known;
        synchronized (state) {
            known = path.matches() && repositories.containsKey(path.group(1) + "/" + path.group(2));
        }
        if (!known) {
            send(exchange, 404, "Repository not found\n");
            return;
        }
        if (request.method().equals("POST") && request.path().endsWith("/git-receive-pack")) {
            Runnable action = null;
            synchronized (state) {
                if (!beforePush.isEmpty()) {
                    action = beforePush.removeFirst();
                }
            }
            if (action != null) {
                action.run();
            }
        }
        backend.serve(exchange, user.get(), body);
    }

    /** The user of a valid {@code Authorization: Basic} header whose password is the token. */
    private static Optional<String> basicUser(RecordedRequest request) {
        Optional<String> header = request.header("Authorization");
        if (header.isEmpty() || !header.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded =
                new String(Base64.getDecoder().decode(header.get().substring(6).strip()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon <= 0 || !decoded.substring(colon + 1).equals(TOKEN)) {
            return Optional.empty();
        }
        return Optional.of(decoded.substring(0, colon));
    }

    // ---- REST API ----

    private void api(HttpExchange exchange, RecordedRequest request) throws IOException {
        Optional<Scripted> answer = takeScripted(request);
        if (answer.isPresent()) {
            send(exchange, answer.get().status(), answer.get().body());
            return;
        }
        if (!request.header("Authorization").equals(Optional.of("token " + TOKEN))) {
            send(exchange, 401, error("invalid username, password or token"));
            return;
        }
        String[] path = request.path().substring(API.length()).split("/", -1);
        String route = request.method() + " " + String.join("/", shape(path));
        synchronized (state) {
            switch (route) {
                case "GET orgs/*" -> getOrganization(exchange, path[1]);
                case "POST orgs" -> createOrganization(exchange, request);
                case "GET orgs/*/repos" -> listRepositories(exchange, request, path[1]);
                case "POST orgs/*/repos" -> createRepository(exchange, request, path[1]);
                case "GET repos/*/*" -> getRepository(exchange, path[1], path[2]);
                case "GET repos/*/*/hooks" -> listHooks(exchange, request, path[1], path[2]);
                case "POST repos/*/*/hooks" -> createHook(exchange, request, path[1], path[2]);
                case "GET user/orgs" -> listOrganizations(exchange, request);
                default -> send(exchange, 404, error("not found: " + route));
            }
        }
    }

    /** The path with its name segments replaced by '*': {@code orgs/acme/repos} is {@code orgs/ * /repos}. */
    private static List<String> shape(String[] path) {
        List<String> shape = new ArrayList<>();
        for (int i = 0; i < path.length; i++) {
            boolean name = (path[0].equals("orgs") && i == 1) || (path[0].equals("repos") && (i == 1 || i == 2));
            shape.add(name ? "*" : path[i]);
        }
        return shape;
    }

    private Optional<Scripted> takeScripted(RecordedRequest request) {
        synchronized (state) {
            for (int i = 0; i < scripted.size(); i++) {
                Scripted next = scripted.get(i);
                if (next.method().equals(request.method()) && next.path().equals(request.path())) {
                    scripted.remove(i);
                    return Optional.of(next);
                }
            }
        }
        return Optional.empty();
    }

    private void getOrganization(HttpExchange exchange, String org) throws IOException {
        if (!organizations.containsKey(org)) {
            send(exchange, 404, error("GetOrgByName"));
            return;
        }
        send(exchange, 200, organization(org).toString());
    }

    private void createOrganization(HttpExchange exchange, RecordedRequest request) throws IOException {
        JsonNode body = JSON.readTree(request.body());
        String name = body.path("username").asText("");
        if (name.isEmpty()) {
            send(exchange, 422, error("[UserName]: Required"));
            return;
        }
        if (organizations.containsKey(name)) {
            send(exchange, 422, error("user already exists [name: " + name + "]"));
            return;
        }
        addOrganization(name);
        send(exchange, 201, organization(name).toString());
    }

    private ObjectNode organization(String org) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", organizations.get(org));
        json.put("name", org);
        json.put("username", org);
        json.put("full_name", "");
        json.put("visibility", "private");
        return json;
    }

    private void createRepository(HttpExchange exchange, RecordedRequest request, String org) throws IOException {
        if (!organizations.containsKey(org)) {
            send(exchange, 404, error("GetOrgByName"));
            return;
        }
        JsonNode body = JSON.readTree(request.body());
        String name = body.path("name").asText("");
        if (name.isEmpty()) {
            send(exchange, 422, error("[Name]: Required"));
            return;
        }
        if (repositories.containsKey(org + "/" + name)) {
            send(exchange, 409, error("The repository with the same name already exists."));
            return;
        }
        createRepository(org, name);
        send(exchange, 201, repository(org, name).toString());
    }

    private void createRepository(String org, String name) {
        Path directory = repositoryDirectory(org, name);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GitHttpBackend.git(directory, home, "init", "--quiet", "--bare", "--initial-branch=main");
        GitHttpBackend.git(directory, home, "config", "http.receivepack", "true");
        repositories.put(org + "/" + name, new ArrayList<>());
    }

    private void getRepository(HttpExchange exchange, String org, String name) throws IOException {
        if (!repositories.containsKey(org + "/" + name)) {
            send(exchange, 404, error("repository does not exist"));
            return;
        }
        send(exchange, 200, repository(org, name).toString());
    }

    private ObjectNode repository(String org, String name) {
        ObjectNode json = JSON.createObjectNode();
        json.put("name", name);
        json.put("full_name", org + "/" + name);
        json.putObject("owner").put("login", org).put("username", org);
        json.put("private", true);
        json.put("empty", isEmpty(org, name));
        json.put("default_branch", "main");
        json.put("clone_url", baseUrl() + org + "/" + name + ".git");
        return json;
    }

    /** Gitea's {@code empty} flag: no branch was ever pushed. */
    private boolean isEmpty(String org, String name) {
        try (Repository repository = new FileRepositoryBuilder()
                .setGitDir(repositoryDirectory(org, name).toFile())
                .setBare()
                .setMustExist(true)
                .build()) {
            return repository
                    .getRefDatabase()
                    .getRefsByPrefix(Constants.R_HEADS)
                    .isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void listRepositories(HttpExchange exchange, RecordedRequest request, String org) throws IOException {
        if (!organizations.containsKey(org)) {
            send(exchange, 404, error("GetOrgByName"));
            return;
        }
        List<JsonNode> all = repositories.keySet().stream()
                .filter(key -> key.startsWith(org + "/"))
                .map(key -> (JsonNode) repository(org, key.substring(org.length() + 1)))
                .toList();
        sendPage(exchange, request, all);
    }

    private void listOrganizations(HttpExchange exchange, RecordedRequest request) throws IOException {
        sendPage(
                exchange,
                request,
                organizations.keySet().stream()
                        .map(org -> (JsonNode) organization(org))
                        .toList());
    }

    private void listHooks(HttpExchange exchange, RecordedRequest request, String org, String name) throws IOException {
        List<JsonNode> hooks = repositories.get(org + "/" + name);
        if (hooks == null) {
            send(exchange, 404, error("repository does not exist"));
            return;
        }
        sendPage(exchange, request, hooks.stream().map(FakeGitea::withoutSecret).toList());
    }

    private void createHook(HttpExchange exchange, RecordedRequest request, String org, String name)
            throws IOException {
        List<JsonNode> hooks = repositories.get(org + "/" + name);
        if (hooks == null) {
            send(exchange, 404, error("repository does not exist"));
            return;
        }
        JsonNode body = JSON.readTree(request.body());
        if (!body.path("type").asText("").equals("gitea")) {
            send(exchange, 422, error("Invalid hook type"));
            return;
        }
        JsonNode config = body.path("config");
        if (!config.hasNonNull("url")) {
            send(exchange, 422, error("Missing config option: url"));
            return;
        }
        if (!List.of("json", "form").contains(config.path("content_type").asText(""))) {
            send(exchange, 422, error("Invalid content type"));
            return;
        }
        ObjectNode hook = JSON.createObjectNode();
        hook.put("id", nextId++);
        hook.put("type", "gitea");
        hook.set("config", config.deepCopy());
        hook.set("events", body.path("events").deepCopy());
        hook.put("active", body.path("active").asBoolean(false));
        hooks.add(hook);
        send(exchange, 201, withoutSecret(hook).toString());
    }

    /** Gitea never shows a hook's secret. */
    private static JsonNode withoutSecret(JsonNode hook) {
        ObjectNode copy = hook.deepCopy();
        ((ObjectNode) copy.path("config")).remove("secret");
        return copy;
    }

    /** One page of {@code all} per {@code ?page=&limit=} (defaults 1 and 30), with {@code X-Total-Count}. */
    private void sendPage(HttpExchange exchange, RecordedRequest request, List<JsonNode> all) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : request.query().split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                query.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        int limit = Math.min(maxPageSize, Math.max(1, Integer.parseInt(query.getOrDefault("limit", "30"))));
        ArrayNode items = JSON.createArrayNode();
        all.stream().skip((long) (page - 1) * limit).limit(limit).forEach(items::add);
        exchange.getResponseHeaders().add("X-Total-Count", String.valueOf(all.size()));
        send(exchange, 200, items.toString());
    }

    private static String error(String message) {
        ObjectNode json = JSON.createObjectNode();
        json.put("message", message);
        json.put("url", "https://docs.gitea.com/api/");
        return json.toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
