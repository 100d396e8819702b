package io.openova.catalyst.identity.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenBao for tests, on 127.0.0.1, plain HTTP: one KV version 2 mount and the Kubernetes auth method, with the
 * response shapes of the real server. Every request is recorded.
 *
 * <p>Followed: the OpenBao API documentation, <a href="https://openbao.org/api-docs/secret/kv/kv-v2">KV secrets engine
 * - version 2 (API)</a> (read secret version: {@code data.data} and {@code data.metadata {created_time,
 * custom_metadata, deletion_time, destroyed, version}}; create/update: {@code data {version, ...}}; list: {@code data.keys},
 * folders suffixed with '/'; delete metadata and all versions: 204) and <a
 * href="https://openbao.org/api-docs/auth/kubernetes">Kubernetes auth method (API)</a> (login {@code {role, jwt}} →
 * {@code auth {client_token, accessor, policies, metadata, lease_duration, renewable}}); and where the pages leave it
 * open, OpenBao's source: {@code builtin/logical/kv/path_data.go} (a soft-deleted or destroyed latest version is a 404
 * whose body still has {@code data.data: null} and the version's metadata; no entry is a 404 {@code {"errors":[]}}),
 * {@code path_metadata.go} (metadata delete removes every version; {@code LIST} of an empty folder is a 404) and {@code
 * builtin/credential/kubernetes/path_login.go} ({@code missing role}, {@code invalid role name "x"}: 400; a JWT that
 * does not verify: 403 {@code permission denied}).
 *
 * <p>Tokens are checked (403 {@code permission denied} for a missing, unknown, revoked or expired one; a token issued
 * by a login expires after its {@code lease_duration} by the fake's clock) and so are the capabilities of Catalyst's
 * policy as {@code docs/secrets-openbao.md} states it, path globs ending in '*' only. Not modelled: check-and-set,
 * {@code max_versions} and {@code delete_version_after} settings (10 versions are kept), the rest of the policy
 * language, namespaces (the header is only recorded), TLS, response wrapping, seal and standby states except as
 * scripted answers.
 */
final class FakeOpenBao implements AutoCloseable {
    static final String TOKEN = "s.catalyst-test-token-9f86d081884c7d65";
    static final String MOUNT = "secret";
    static final String ROLE = "catalyst";
    static final String JWT =
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Y2F0YWx5c3QifQ.c2lnbmF0dXJl";
    static final Duration DEFAULT_LEASE = Duration.ofHours(1);
    private static final int MAX_VERSIONS = 10;

    /** Catalyst's policy, as docs/secrets-openbao.md gives it. */
    static final Map<String, Set<String>> CATALYST_POLICY = Map.of(
            MOUNT + "/data/catalyst/*", Set.of("create", "read", "update"),
            MOUNT + "/metadata/catalyst/*", Set.of("read", "list", "delete"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Object state = new Object();
    private final TreeMap<String, Key> keys = new TreeMap<>();
    private final Map<String, Issued> tokens = new HashMap<>();
    private final List<Scripted> scripted = new ArrayList<>();
    private final Map<String, Set<String>> tokenPolicy = new HashMap<>(CATALYST_POLICY);
    private String acceptedJwt = JWT;
    private String lastIssued = "";
    private Duration lease = DEFAULT_LEASE;
    private int logins;
    private volatile boolean closed;

    /** A version of an entry, as KV version 2 keeps it. */
    private static final class Version {
        final JsonNode data;
        final Instant created;
        Instant deletionTime;
        boolean destroyed;

        Version(JsonNode data, Instant created) {
            this.data = data;
            this.created = created;
        }
    }

    /** The metadata of a KV path and its versions. */
    private static final class Key {
        final Instant created;
        Instant updated;
        long currentVersion;
        final TreeMap<Long, Version> versions = new TreeMap<>();

        Key(Instant created) {
            this.created = created;
            this.updated = created;
        }
    }

    /** A token, its policy and when it expires (never, when empty). */
    private record Issued(Map<String, Set<String>> policy, Optional<Instant> expires) {}

    private record Scripted(String method, String path, int status, List<String> errors, boolean echoBody) {}

    private record Reply(int status, String body) {
        static Reply noContent() {
            return new Reply(204, "");
        }
    }

    private FakeOpenBao(Clock clock) throws IOException {
        this.clock = clock;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        tokens.put(TOKEN, new Issued(tokenPolicy, Optional.empty()));
        server.start();
    }

    /** Starts a fake OpenBao whose tokens expire by {@code clock}. */
    static FakeOpenBao start(Clock clock) {
        try {
            return new FakeOpenBao(clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FakeOpenBao start() {
        return start(Clock.systemUTC());
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Settings with the static token {@link #TOKEN} and every other setting at its default. */
    OpenBaoSettings tokenSettings() {
        return OpenBaoSettings.of(address(), OpenBaoAuth.token(TOKEN));
    }

    /** Settings for a Kubernetes login as {@link #ROLE} with the service-account token in {@code jwtFile}. */
    OpenBaoSettings kubernetesSettings(Path jwtFile) {
        return OpenBaoSettings.of(address(), OpenBaoAuth.kubernetes(ROLE).withJwtFile(jwtFile));
    }

    /** The requests received so far, in order. */
    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    List<String> requestLines() {
        return requests.stream().map(RecordedRequest::line).toList();
    }

    void clearRequests() {
        requests.clear();
    }

    /**
     * The next {@code times} requests {@code method path} (path without the query) get HTTP {@code status} with
     * {@code {"errors": errors}}, before anything is checked or changed.
     */
    void failNext(String method, String path, int status, int times, String... errors) {
        synchronized (state) {
            for (int i = 0; i < times; i++) {
                scripted.add(new Scripted(method, path, status, List.of(errors), false));
            }
        }
    }

    /** The next request {@code method path} fails with HTTP {@code status} and an error quoting its whole body. */
    void failNextEchoingTheBody(String method, String path, int status) {
        synchronized (state) {
            scripted.add(new Scripted(method, path, status, List.of(), true));
        }
    }

    /** From now on, the Kubernetes login accepts only {@code jwt} (the service-account token was rotated). */
    void acceptJwt(String jwt) {
        synchronized (state) {
            acceptedJwt = jwt;
        }
    }

    /** The {@code lease_duration} of the tokens logins issue from now on. */
    void leaseDuration(Duration duration) {
        synchronized (state) {
            lease = duration;
        }
    }

    /** Revokes every token logins have issued, as {@code bao token revoke} would. */
    void revokeIssuedTokens() {
        synchronized (state) {
            tokens.keySet().removeIf(token -> !token.equals(TOKEN));
        }
    }

    /** Grants {@code capabilities} on the paths matching {@code glob} to {@link #TOKEN}, as a policy would. */
    void grantToken(String glob, String... capabilities) {
        synchronized (state) {
            tokenPolicy.put(glob, Set.of(capabilities));
        }
    }

    /** The token the last Kubernetes login issued, empty before the first. */
    String lastIssuedToken() {
        synchronized (state) {
            return lastIssued;
        }
    }

    /** Successful Kubernetes logins so far. */
    int logins() {
        synchronized (state) {
            return logins;
        }
    }

    /** Soft-deletes the latest version of {@code path} (in the mount), as {@code bao kv delete} does. */
    void softDeleteLatest(String path) {
        synchronized (state) {
            Key key = keys.get(path);
            key.versions.get(key.currentVersion).deletionTime = clock.instant();
        }
    }

    /** How many versions of {@code path} (in the mount) OpenBao keeps; 0 when it has no metadata. */
    int versions(String path) {
        synchronized (state) {
            Key key = keys.get(path);
            return key == null ? 0 : key.versions.size();
        }
    }

    /** Stores {@code data} at {@code path} (in the mount) as a new version, as an operator could with the CLI. */
    void write(String path, JsonNode data) {
        synchronized (state) {
            writeVersion(path, data);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
            executor.close();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            RecordedRequest request = record(exchange, body);
            requests.add(request);
            Reply reply;
            try {
                reply = route(request);
            } catch (RuntimeException e) {
                reply = errors(500, e.toString());
            }
            send(exchange, reply);
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

    private Reply route(RecordedRequest request) {
        synchronized (state) {
            Optional<Scripted> answer = takeScripted(request);
            if (answer.isPresent()) {
                if (answer.get().status() == 204) {
                    return Reply.noContent();
                }
                List<String> errors = answer.get().echoBody()
                        ? List.of("failed to parse request: " + request.body())
                        : answer.get().errors();
                return errors(answer.get().status(), errors.toArray(String[]::new));
            }
            if (!request.path().startsWith("/v1/")) {
                return errors(404, "not found");
            }
            String path = request.path().substring("/v1/".length());
            boolean list = request.method().equals("LIST")
                    || (request.method().equals("GET") && request.query().contains("list=true"));
            if (path.equals("auth/kubernetes/login") && request.method().equals("POST")) {
                return login(request);
            }
            if (path.startsWith(MOUNT + "/data/") && !list) {
                String key = path.substring((MOUNT + "/data/").length());
                return switch (request.method()) {
                    case "GET" -> authorized(request, path, "read") ? readData(key) : denied();
                    case "POST", "PUT" ->
                        authorized(request, path, keys.containsKey(key) ? "update" : "create")
                                ? writeData(key, request.body())
                                : denied();
                    case "DELETE" -> authorized(request, path, "delete") ? softDelete(key) : denied();
                    default -> errors(405, "unsupported operation");
                };
            }
            if (path.startsWith(MOUNT + "/metadata/")) {
                String key = path.substring((MOUNT + "/metadata/").length());
                if (list) {
                    return authorized(request, path, "list") ? list(key) : denied();
                }
                return switch (request.method()) {
                    case "GET" -> authorized(request, path, "read") ? readMetadata(key) : denied();
                    case "DELETE" -> authorized(request, path, "delete") ? deleteMetadata(key) : denied();
                    default -> errors(405, "unsupported operation");
                };
            }
            if (authorized(request, path, "read")) {
                return errors(404, "no handler for route \"" + path + "\". route entry not found.");
            }
            return denied();
        }
    }

    private Optional<Scripted> takeScripted(RecordedRequest request) {
        for (int i = 0; i < scripted.size(); i++) {
            Scripted next = scripted.get(i);
            if (next.method().equals(request.method()) && next.path().equals(request.path())) {
                scripted.remove(i);
                return Optional.of(next);
            }
        }
        return Optional.empty();
    }

    /** Whether the request's token is valid and its policy grants {@code capability} on {@code path}. */
    private boolean authorized(RecordedRequest request, String path, String capability) {
        Issued issued = request.header("X-Vault-Token").map(tokens::get).orElse(null);
        if (issued == null
                || issued.expires()
                        .map(expires -> !clock.instant().isBefore(expires))
                        .orElse(false)) {
            return false;
        }
        return issued.policy().entrySet().stream()
                .anyMatch(grant ->
                        matches(grant.getKey(), path) && grant.getValue().contains(capability));
    }

    private static boolean matches(String glob, String path) {
        return glob.endsWith("*") ? path.startsWith(glob.substring(0, glob.length() - 1)) : path.equals(glob);
    }

    private static Reply denied() {
        // the ACL's own wording; an invalid token is refused with the same 403
        return errors(403, "1 error occurred:\n\t* permission denied\n\n");
    }

    // ---- Kubernetes auth ----

    private Reply login(RecordedRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            return errors(400, "failed to parse JSON input: " + e.getOriginalMessage());
        }
        String role = body.path("role").asText("");
        String jwt = body.path("jwt").asText("");
        if (role.isEmpty()) {
            return errors(400, "missing role");
        }
        if (jwt.isEmpty()) {
            return errors(400, "missing jwt");
        }
        if (!role.equals(ROLE)) {
            return errors(400, "invalid role name \"" + role + "\"");
        }
        if (!jwt.equals(acceptedJwt)) {
            return errors(403, "permission denied");
        }
        logins++;
        String token = "s." + UUID.randomUUID().toString().replace("-", "");
        lastIssued = token;
        tokens.put(
                token,
                new Issued(
                        CATALYST_POLICY,
                        lease.isZero()
                                ? Optional.empty()
                                : Optional.of(clock.instant().plus(lease))));
        ObjectNode reply = envelope();
        ObjectNode auth = reply.putObject("auth");
        auth.put("client_token", token);
        auth.put("accessor", UUID.randomUUID().toString());
        auth.putArray("policies").add("catalyst").add("default");
        auth.putArray("token_policies").add("catalyst").add("default");
        ObjectNode metadata = auth.putObject("metadata");
        metadata.put("role", ROLE);
        metadata.put("service_account_name", "catalyst");
        metadata.put("service_account_namespace", "catalyst-system");
        metadata.put("service_account_secret_name", "");
        metadata.put("service_account_uid", "5d3d4c6e-1f43-4b5e-9a51-1f0e2b8c7a10");
        auth.put("lease_duration", lease.toSeconds());
        auth.put("renewable", true);
        auth.put("entity_id", UUID.randomUUID().toString());
        auth.put("token_type", "service");
        auth.put("orphan", true);
        return new Reply(200, reply.toString());
    }

    // ---- KV version 2 ----

    private Reply readData(String path) {
        Key key = keys.get(path);
        Version version = key == null ? null : key.versions.get(key.currentVersion);
        if (version == null) {
            return errors(404);
        }
        ObjectNode reply = envelope();
        ObjectNode data = reply.putObject("data");
        data.set("metadata", versionMetadata(key.currentVersion, version));
        // deleted once its deletion time has come (delete_version_after sets one in the future)
        boolean deleted = version.deletionTime != null && !version.deletionTime.isAfter(clock.instant());
        if (deleted || version.destroyed) {
            data.putNull("data");
            return new Reply(404, reply.toString());
        }
        data.set("data", version.data.deepCopy());
        return new Reply(200, reply.toString());
    }

    private Reply writeData(String path, String requestBody) {
        JsonNode body;
        try {
            body = JSON.readTree(requestBody);
        } catch (JsonProcessingException e) {
            return errors(400, "failed to parse JSON input: " + e.getOriginalMessage());
        }
        if (body == null || !body.path("data").isObject()) {
            return errors(400, "no data provided");
        }
        long version = writeVersion(path, body.get("data"));
        ObjectNode reply = envelope();
        reply.set("data", versionMetadata(version, keys.get(path).versions.get(version)));
        return new Reply(200, reply.toString());
    }

    private long writeVersion(String path, JsonNode data) {
        Instant now = clock.instant();
        Key key = keys.computeIfAbsent(path, created -> new Key(now));
        key.currentVersion++;
        key.updated = now;
        key.versions.put(key.currentVersion, new Version(data.deepCopy(), now));
        while (key.versions.size() > MAX_VERSIONS) {
            key.versions.pollFirstEntry();
        }
        return key.currentVersion;
    }

    private Reply softDelete(String path) {
        Key key = keys.get(path);
        if (key != null) {
            key.versions.get(key.currentVersion).deletionTime = clock.instant();
        }
        return Reply.noContent();
    }

    private Reply readMetadata(String path) {
        Key key = keys.get(path);
        if (key == null) {
            return errors(404);
        }
        ObjectNode reply = envelope();
        ObjectNode data = reply.putObject("data");
        data.put("cas_required", false);
        data.put("created_time", key.created.toString());
        data.put("current_version", key.currentVersion);
        data.putNull("custom_metadata");
        data.put("delete_version_after", "0s");
        data.put("max_versions", 0);
        data.put("oldest_version", key.versions.firstKey());
        data.put("updated_time", key.updated.toString());
        ObjectNode versions = data.putObject("versions");
        key.versions.forEach((number, version) -> {
            ObjectNode metadata = versionMetadata(number, version);
            metadata.remove("version");
            metadata.remove("custom_metadata");
            versions.set(String.valueOf(number), metadata);
        });
        return new Reply(200, reply.toString());
    }

    private Reply deleteMetadata(String path) {
        keys.remove(path);
        return Reply.noContent();
    }

    /** The names directly in folder {@code path}, as OpenBao lists them: {@code name} for an entry, {@code name/}. */
    private Reply list(String path) {
        String folder = path.isEmpty() || path.endsWith("/") ? path : path + "/";
        TreeSet<String> names = new TreeSet<>();
        for (String key : keys.tailMap(folder).keySet()) {
            if (!key.startsWith(folder)) {
                break;
            }
            String rest = key.substring(folder.length());
            int slash = rest.indexOf('/');
            names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
        }
        if (names.isEmpty()) {
            return errors(404);
        }
        ObjectNode reply = envelope();
        ArrayNode list = reply.putObject("data").putArray("keys");
        names.forEach(list::add);
        return new Reply(200, reply.toString());
    }

    private static ObjectNode versionMetadata(long number, Version version) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("created_time", version.created.toString());
        metadata.putNull("custom_metadata");
        metadata.put("deletion_time", version.deletionTime == null ? "" : version.deletionTime.toString());
        metadata.put("destroyed", version.destroyed);
        metadata.put("version", number);
        return metadata;
    }

    /** The fields every OpenBao response has around {@code data} or {@code auth}. */
    private static ObjectNode envelope() {
        ObjectNode json = JSON.createObjectNode();
        json.put("request_id", UUID.randomUUID().toString());
        json.put("lease_id", "");
        json.put("renewable", false);
        json.put("lease_duration", 0);
        json.putNull("data");
        json.putNull("wrap_info");
        json.putNull("warnings");
        json.putNull("auth");
        return json;
    }

    private static Reply errors(int status, String... messages) {
        ObjectNode json = JSON.createObjectNode();
        ArrayNode errors = json.putArray("errors");
        for (String message : messages) {
            errors.add(message);
        }
        return new Reply(status, json.toString());
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
