package io.openova.catalyst.testing.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keycloak for tests: the {@code keycloak-quarkus-dist} zip from the local Maven repository, unpacked and
 * built once per machine ({@link KeycloakDistribution}), started in dev mode on free loopback ports with a fresh data
 * directory holding the realms of {@link KeycloakRealms} (imported once per machine, see {@link RealmSnapshot}).
 *
 * <p>Starting takes tens of seconds, so test classes share one server per JVM: {@link #shared()} starts it on first
 * use and stops it when the JVM exits. Tests must not change its realms: a test that needs other users or realms
 * creates them through the admin API under names of its own, or starts a server of its own with
 * {@link #start(KeycloakSettings)}.
 *
 * <p>URLs are always {@code http://127.0.0.1:<port>}: the server's hostname is pinned to it, so {@code iss} is
 * {@link #issuer(String)} whatever address a request used.
 */
public final class KeycloakServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(KeycloakServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static KeycloakServer shared;
    private static RuntimeException sharedFailure;

    private final Process process;
    private final Path runDirectory;
    private final Path home;
    private final Path logFile;
    private final String baseUrl;
    private final String adminUsername;
    private final String adminPassword;
    private final Duration startupTime;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private boolean closed;

    private KeycloakServer(
            Process process,
            Path runDirectory,
            Path home,
            Path logFile,
            String baseUrl,
            String adminUsername,
            String adminPassword,
            Duration startupTime) {
        this.process = process;
        this.runDirectory = runDirectory;
        this.home = home;
        this.logFile = logFile;
        this.baseUrl = baseUrl;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
        this.startupTime = startupTime;
    }

    /**
     * The server of this JVM, started with {@link KeycloakSettings#fromSystemProperties()} on first call and stopped
     * by a shutdown hook. If it failed to start, every later call fails at once with the same cause.
     */
    public static synchronized KeycloakServer shared() {
        if (shared != null) {
            return shared;
        }
        if (sharedFailure != null) {
            throw new IllegalStateException("Keycloak failed to start earlier in this JVM", sharedFailure);
        }
        try {
            KeycloakServer server = start(KeycloakSettings.fromSystemProperties());
            Runtime.getRuntime()
                    .addShutdownHook(Thread.ofPlatform().name("keycloak-stop").unstarted(server::close));
            shared = server;
            return server;
        } catch (RuntimeException e) {
            sharedFailure = e;
            throw e;
        }
    }

    /**
     * Starts a server of its own, which the caller closes. Prefer {@link #shared()}: each server costs tens of seconds
     * and half a gigabyte.
     */
    public static KeycloakServer start(KeycloakSettings settings) {
        Instant start = Instant.now();
        try {
            Files.createDirectories(settings.workDirectory());
            Path runDirectory = Files.createTempDirectory(settings.workDirectory(), "run-");
            Path distribution = KeycloakDistribution.prepare(settings, runDirectory);
            KeycloakLauncher launcher = new KeycloakLauncher(settings.javaHome(), distribution);
            RealmSnapshot realms = RealmSnapshot.prepare(settings, launcher, runDirectory);
            Path home = runDirectory.resolve("home");
            realms.copyInto(home);
            Path log = runDirectory.resolve("keycloak.log");
            KeycloakLauncher.Running running = launcher.startDev(
                    home, List.of(), Map.of(), log, Instant.now().plus(settings.startTimeout()));
            Duration startupTime = Duration.between(start, Instant.now());
            Files.writeString(
                    log,
                    "catalyst-testing-keycloak: ready after " + startupTime.toMillis() + " ms\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
            LOGGER.info(
                    "Keycloak started: url={} version={} millis={} log={}",
                    running.baseUrl(),
                    settings.version(),
                    startupTime.toMillis(),
                    log);
            return new KeycloakServer(
                    running.process(),
                    runDirectory,
                    home,
                    log,
                    running.baseUrl(),
                    realms.adminUsername(),
                    realms.adminPassword(),
                    startupTime);
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak could not be started", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Keycloak", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The issuer ({@code iss}) of {@code realm}'s tokens: {@code http://127.0.0.1:<port>/realms/<realm>}. */
    public String issuer(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    /** The JSON Web Key Set of {@code realm}: the public keys its tokens are signed with. */
    public String jwksUri(String realm) {
        return issuer(realm) + "/protocol/openid-connect/certs";
    }

    /** The token endpoint of {@code realm}. */
    public String tokenEndpoint(String realm) {
        return issuer(realm) + "/protocol/openid-connect/token";
    }

    /**
     * An access token of client {@value KeycloakRealms#CLIENT} for a user, by the password grant.
     *
     * @throws TokenRequestException if Keycloak refuses, e.g. HTTP 400 {@code invalid_grant} for a wrong password
     */
    public String accessToken(String realm, String username, String password) {
        return accessToken(realm, KeycloakRealms.CLIENT, username, password);
    }

    /**
     * An access token of a public client for a user, by the password grant (scope {@code openid}).
     *
     * @throws TokenRequestException if Keycloak refuses, e.g. HTTP 400 {@code invalid_grant} for a wrong password
     */
    public String accessToken(String realm, String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        String body = form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenEndpoint(realm)))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the token endpoint of realm " + realm + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while requesting a token", e);
        }
        JsonNode answer = parse(response.body());
        String accessToken = answer.path("access_token").asText("");
        if (response.statusCode() == 200 && !accessToken.isEmpty()) {
            return accessToken;
        }
        throw new TokenRequestException(
                realm,
                clientId,
                username,
                response.statusCode(),
                answer.path("error").asText("HTTP " + response.statusCode()),
                answer.path("error_description").asText(""));
    }

    /**
     * An access token of client {@value KeycloakRealms#SHORT_LIVED_CLIENT} (valid, audience
     * {@value KeycloakRealms#AUDIENCE}, but living one second), returned once it has expired: blocks about two
     * seconds. A verifier that allows clock skew (a leeway) still accepts it until the leeway has passed too.
     */
    public String expiredAccessToken(String realm, String username, String password) {
        String token = accessToken(realm, KeycloakRealms.SHORT_LIVED_CLIENT, username, password);
        Instant expired = Jwt.decode(token).expiresAt().plusSeconds(1);
        try {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expired).toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a token to expire", e);
        }
        return token;
    }

    /** The admin REST API as the {@code master} realm's administrator: realms, users and sessions of a test's own. */
    public KeycloakAdmin admin() {
        return new KeycloakAdmin(this, http);
    }

    /** The bootstrap administrator of the {@code master} realm, for the admin REST API. */
    public String adminUsername() {
        return adminUsername;
    }

    /** The bootstrap administrator's password: random, made with the realm snapshot. */
    public String adminPassword() {
        return adminPassword;
    }

    /** From the call that started the server to its readiness, unpacking and building included if it happened. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Keycloak's output, under the work directory ({@code target/keycloak/run-*}); kept after {@link #close()}. */
    public Path logFile() {
        return logFile;
    }

    /** Stops the server (gracefully, then forcibly) and deletes its data directory; the log stays. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            KeycloakLauncher.stop(process, 30);
            KeycloakDistribution.deleteTree(home);
            LOGGER.info("Keycloak stopped: url={} directory={}", baseUrl, runDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak stopped but its data directory " + home + " remains", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
