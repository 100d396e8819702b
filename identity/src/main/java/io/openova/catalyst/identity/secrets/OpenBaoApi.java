package io.openova.catalyst.identity.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@link OpenBaoSecretStore}: sends one call to OpenBao's API with the headers every call carries,
 * authenticates (and logs in again for Kubernetes auth), retries what may be retried, and turns refusals into
 * {@link OpenBaoException}s that never hold a secret.
 *
 * <p>Every call carries {@code X-Vault-Token} (except the login), {@code X-Vault-Namespace} when a namespace is set, and
 * {@code X-Vault-Request: true} (as OpenBao's own CLI does; an OpenBao Agent or Proxy with {@code
 * require_request_header} insists on it). Calls with a body send it as {@code Content-Type: application/json}.
 */
final class OpenBaoApi implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(OpenBaoApi.class);

    /** Attempts of an idempotent call before its last failure is reported. */
    static final int MAX_ATTEMPTS = 3;

    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    /** Answers worth another attempt: server errors, an unavailable (sealed, standby) node, rate limiting. */
    private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);
    /** Shorter secrets are not scrubbed from messages: they would match ordinary words. */
    private static final int MIN_SCRUBBED_LENGTH = 4;

    private static final int MAX_MESSAGES = 5;
    private static final int MAX_MESSAGE_LENGTH = 300;
    static final ObjectMapper JSON = new ObjectMapper();

    private final OpenBaoSettings settings;
    private final Clock clock;
    private final HttpClient client;
    private final ReentrantLock loginLock = new ReentrantLock();
    private volatile Session session;

    /** A token and when to log in again (empty: until OpenBao refuses it). */
    private record Session(String token, Optional<Instant> renewAt) {
        boolean isDue(Instant now) {
            return renewAt.isPresent() && !now.isBefore(renewAt.get());
        }

        @Override
        public String toString() {
            return "Session[token=***, renewAt=" + renewAt + "]";
        }
    }

    /**
     * One call.
     *
     * @param method the HTTP method
     * @param path the API path after {@code /v1/}, with its query if any
     * @param body the JSON body, or null for none
     * @param idempotent whether sending it twice does no harm: it is then retried on 429, 5xx and I/O errors
     */
    record Call(String method, String path, JsonNode body, boolean idempotent) {
        static Call get(String path) {
            return new Call("GET", path, null, true);
        }

        static Call delete(String path) {
            return new Call("DELETE", path, null, true);
        }

        /** A write: not retried, since a retry could overwrite a newer write that came in between. */
        static Call post(String path, JsonNode body) {
            return new Call("POST", path, body, false);
        }

        /** {@code METHOD /v1/path}, as messages and logs show it. */
        String line() {
            return method + " /v1/" + path;
        }

        @Override
        public String toString() {
            return line();
        }
    }

    /** OpenBao's answer to a call. */
    record Answer(Call call, int status, byte[] body) {
        /** The body as JSON; a body that is not JSON is reported without quoting it (it may hold secrets). */
        JsonNode json() {
            try {
                JsonNode json = JSON.readTree(body);
                if (json == null || json.isMissingNode()) {
                    throw new OpenBaoException(status, "OpenBao answered " + call.line() + " with an empty body");
                }
                return json;
            } catch (IOException e) {
                throw new OpenBaoException(
                        status,
                        "OpenBao answered " + call.line() + " with a body that is not JSON (HTTP " + status + ")");
            }
        }

        /** The first messages of OpenBao's {@code {"errors": [...]}}, as sent; empty if none. */
        List<String> errors() {
            List<String> messages = new ArrayList<>();
            try {
                JsonNode json = JSON.readTree(body);
                if (json != null) {
                    for (JsonNode error : json.path("errors")) {
                        if (messages.size() == MAX_MESSAGES) {
                            messages.add("...");
                            break;
                        }
                        messages.add(error.isTextual() ? error.asText() : error.toString());
                    }
                }
            } catch (IOException e) {
                // not JSON (a proxy's error page, say): reported as "no error message", never quoted
            }
            return messages;
        }

        @Override
        public String toString() {
            return "Answer[" + call.line() + " -> " + status + "]";
        }
    }

    OpenBaoApi(OpenBaoSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // plain http: no h2c upgrade dance; https negotiates HTTP/2 or 1.1 by ALPN
                .version(
                        "http".equals(settings.address().getScheme())
                                ? HttpClient.Version.HTTP_1_1
                                : HttpClient.Version.HTTP_2)
                .build();
        if (settings.auth() instanceof OpenBaoAuth.Token token) {
            this.session = new Session(token.token(), Optional.empty());
        }
    }

    /**
     * Sends {@code call} with the current token, logging in first if there is none or it is about to expire. A 401 or
     * 403 with Kubernetes auth means the token expired or was revoked: the store logs in again and sends the call once
     * more (a refused call changed nothing, so this holds for writes too).
     */
    Answer send(Call call) {
        Session current = session();
        Answer answer = sendWithRetries(call, Optional.of(current.token()));
        if (isDenied(answer) && settings.auth() instanceof OpenBaoAuth.Kubernetes) {
            LOGGER.atDebug()
                    .addKeyValue("call", call.line())
                    .addKeyValue("status", answer.status())
                    .log("OpenBao refused the token, logging in again");
            current = renew(current);
            answer = sendWithRetries(call, Optional.of(current.token()));
        }
        return answer;
    }

    /**
     * An exception for an answer the caller cannot use, naming {@code what} was being done, the call, the status and
     * OpenBao's error messages, with {@code secrets} (and the token) replaced by {@code <redacted>}.
     */
    OpenBaoException failure(Answer answer, String what, Collection<String> secrets) {
        // scrubbed before they are cut short or flattened, so that no part of a secret survives either
        List<String> errors = answer.errors().stream()
                .map(error -> printable(scrub(error, secrets)))
                .toList();
        String said = errors.isEmpty() ? "no error message" : String.join("; ", errors);
        String message = "cannot " + what + ": OpenBao answered HTTP " + answer.status() + " to "
                + answer.call().line() + ": " + said;
        if (isDenied(answer)) {
            message += switch (settings.auth()) {
                case OpenBaoAuth.Token token ->
                    ". The token is invalid or expired, or its policies do not grant this path";
                case OpenBaoAuth.Kubernetes kubernetes ->
                    ". The policies of OpenBao role '" + kubernetes.role() + "' do not grant this path";
            };
            message += " (the policy Catalyst needs is in docs/secrets-openbao.md)";
        }
        return new OpenBaoException(answer.status(), scrub(message, secrets));
    }

    /** The API path of {@code path} in the KV mount: {@code <mount>/<kind>/<pathPrefix>[/<path>]}. */
    String kvPath(String kind, String path) {
        return settings.mount() + "/" + kind + "/" + settings.pathPrefix() + (path.isEmpty() ? "" : "/" + path);
    }

    OpenBaoSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        client.close();
    }

    private static boolean isDenied(Answer answer) {
        return answer.status() == 401 || answer.status() == 403;
    }

    private Session session() {
        Session current = session;
        if (current != null && !current.isDue(clock.instant())) {
            return current;
        }
        loginLock.lock();
        try {
            current = session;
            if (current == null || current.isDue(clock.instant())) {
                current = login();
                session = current;
            }
            return current;
        } finally {
            loginLock.unlock();
        }
    }

    /** A new session to replace {@code refused}, unless another thread has replaced it already. */
    private Session renew(Session refused) {
        loginLock.lock();
        try {
            Session current = session;
            if (current == refused) {
                current = login();
                session = current;
            }
            return current;
        } finally {
            loginLock.unlock();
        }
    }

    private Session login() {
        if (!(settings.auth() instanceof OpenBaoAuth.Kubernetes kubernetes)) {
            throw new IllegalStateException("only Kubernetes auth logs in");
        }
        String jwt = readJwt(kubernetes);
        ObjectNode body = JSON.createObjectNode();
        body.put("role", kubernetes.role());
        body.put("jwt", jwt);
        Call call = new Call("POST", "auth/" + kubernetes.mount() + "/login", body, true);
        Instant sent = clock.instant();
        Answer answer = sendWithRetries(call, Optional.empty());
        String what = "log in to OpenBao as Kubernetes role '" + kubernetes.role() + "'";
        if (answer.status() != 200) {
            OpenBaoException failure = failure(answer, what, List.of(jwt));
            throw new OpenBaoException(
                    answer.status(),
                    failure.getMessage() + ". Check that the role exists at auth/" + kubernetes.mount()
                            + ", that it is bound to Catalyst's service account name and namespace, and that "
                            + kubernetes.jwtFile() + " holds that service account's token");
        }
        JsonNode auth = answer.json().path("auth");
        String token = auth.path("client_token").asText("");
        if (token.isEmpty()) {
            throw new OpenBaoException(
                    200, "cannot " + what + ": OpenBao answered " + call.line() + " without auth.client_token");
        }
        long leaseSeconds = auth.path("lease_duration").asLong(0);
        // log in again when four fifths of the lease are gone: early enough for a slow call, late enough to be rare
        Optional<Instant> renewAt =
                leaseSeconds > 0 ? Optional.of(sent.plusMillis(leaseSeconds * 800)) : Optional.empty();
        LOGGER.atDebug()
                .addKeyValue("role", kubernetes.role())
                .addKeyValue("leaseSeconds", leaseSeconds)
                .log("Logged in to OpenBao with Kubernetes auth");
        return new Session(token, renewAt);
    }

    /** The service-account token, read at every login: the kubelet rotates projected tokens. */
    private static String readJwt(OpenBaoAuth.Kubernetes kubernetes) {
        String jwt;
        try {
            jwt = Files.readString(kubernetes.jwtFile()).strip();
        } catch (IOException e) {
            throw new OpenBaoException(
                    0,
                    "cannot log in to OpenBao as Kubernetes role '" + kubernetes.role()
                            + "': cannot read the service-account token file " + kubernetes.jwtFile() + " ("
                            + e.getClass().getSimpleName() + ")");
        }
        if (jwt.isEmpty()) {
            throw new OpenBaoException(
                    0,
                    "cannot log in to OpenBao as Kubernetes role '" + kubernetes.role()
                            + "': the service-account token file " + kubernetes.jwtFile() + " is empty");
        }
        return jwt;
    }

    private Answer sendWithRetries(Call call, Optional<String> token) {
        HttpRequest request = request(call, token);
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            boolean lastAttempt = !call.idempotent() || attempt >= MAX_ATTEMPTS;
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                Answer answer = new Answer(call, response.statusCode(), response.body());
                if (lastAttempt || !RETRYABLE.contains(answer.status())) {
                    return answer;
                }
                LOGGER.atWarn()
                        .addKeyValue("call", call.line())
                        .addKeyValue("status", answer.status())
                        .addKeyValue("attempt", attempt)
                        .log("OpenBao failed a call, trying again");
            } catch (IOException e) {
                if (lastAttempt) {
                    throw new OpenBaoException(
                            0,
                            "OpenBao at " + settings.address() + " did not answer " + call.line() + " ("
                                    + (call.idempotent() ? "after " + attempt + " attempts" : "not retried: a write")
                                    + "): " + e,
                            e);
                }
                LOGGER.atWarn()
                        .addKeyValue("call", call.line())
                        .addKeyValue("error", e.toString())
                        .addKeyValue("attempt", attempt)
                        .log("OpenBao did not answer a call, trying again");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpenBaoException(0, "interrupted while waiting for OpenBao to answer " + call.line());
            }
            pause(call, pause);
            pause = pause.multipliedBy(2);
        }
    }

    /**
     * Waits before a retry. A sleep is right here: the wait is the back-off itself (OpenBao was unreachable, sealed,
     * or rate-limited), not waiting for a result, and the retried calls are bounded in number.
     */
    private static void pause(Call call, Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenBaoException(0, "interrupted while waiting to send " + call.line() + " to OpenBao again");
        }
    }

    private HttpRequest request(Call call, Optional<String> token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.api(call.path()))
                .timeout(settings.requestTimeout())
                .header("X-Vault-Request", "true");
        token.ifPresent(value -> request.header("X-Vault-Token", value));
        settings.namespace().ifPresent(namespace -> request.header("X-Vault-Namespace", namespace));
        if (call.body() == null) {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] bytes;
            try {
                bytes = JSON.writeValueAsBytes(call.body());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the JSON body of " + call.line());
            }
            request.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        return request.build();
    }

    /**
     * {@code text} with each secret long enough to be told apart, and the current token, replaced by {@code
     * <redacted>}: as it is, and as it reads inside a JSON string (an error quoting the request body escapes
     * newlines and quotes).
     */
    private String scrub(String text, Collection<String> secrets) {
        List<String> hidden = new ArrayList<>();
        List<String> candidates = new ArrayList<>(secrets);
        Session current = session;
        if (current != null) {
            candidates.add(current.token());
        }
        if (settings.auth() instanceof OpenBaoAuth.Token token) {
            candidates.add(token.token());
        }
        for (String secret : candidates) {
            if (secret.length() >= MIN_SCRUBBED_LENGTH) {
                hidden.add(secret);
                String quoted = JSON.getNodeFactory().textNode(secret).toString();
                hidden.add(quoted.substring(1, quoted.length() - 1));
            }
        }
        hidden.sort((a, b) -> Integer.compare(b.length(), a.length()));
        String scrubbed = text;
        for (String secret : hidden) {
            scrubbed = scrubbed.replace(secret, "<redacted>");
        }
        return scrubbed;
    }

    private static String printable(String text) {
        String line = text.codePoints()
                .map(c -> c < 0x20 || c == 0x7f ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip();
        return line.length() > MAX_MESSAGE_LENGTH ? line.substring(0, MAX_MESSAGE_LENGTH) + "..." : line;
    }
}
