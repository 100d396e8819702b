package io.openova.catalyst.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in Catalyst server for the CLI's tests, on loopback: it records every request and answers what the test
 * said for the request's path and query, else for its path, else the fallback answer.
 */
final class StandInServer implements AutoCloseable {
    /** A request as it arrived; {@code uri} is the raw path and query. */
    record Recorded(String method, String uri, String idempotencyKey, String body, String authorization) {}

    private record Answer(int status, String contentType, String body, String link) {}

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private volatile Answer fallback = new Answer(200, "application/json", "{}", null);

    private StandInServer(HttpServer server) {
        this.server = server;
    }

    static StandInServer start() {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StandInServer stand = new StandInServer(http);
        http.createContext("/", exchange -> {
            String uri = exchange.getRequestURI().toString();
            stand.requests.add(new Recorded(
                    exchange.getRequestMethod(),
                    uri,
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Answer answer = stand.answers.getOrDefault(
                    uri, stand.answers.getOrDefault(exchange.getRequestURI().getPath(), stand.fallback));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            if (answer.link() != null) {
                exchange.getResponseHeaders().add("Link", "<" + answer.link() + ">; rel=\"next\"");
            }
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        http.start();
        return stand;
    }

    /** Answers requests for {@code pathOrUri} (a path, or a path and query) with {@code status} and a JSON body. */
    void answer(String pathOrUri, int status, String body) {
        answers.put(pathOrUri, new Answer(status, contentType(status), body, null));
    }

    /** Like {@link #answer(String, int, String)}, with a {@code Link: <next>; rel="next"} header. */
    void answer(String pathOrUri, int status, String body, String next) {
        answers.put(pathOrUri, new Answer(status, contentType(status), body, next));
    }

    /** Answers every other request like this. */
    void fallback(int status, String contentType, String body) {
        fallback = new Answer(status, contentType, body, null);
    }

    List<Recorded> requests() {
        return requests;
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String contentType(int status) {
        return status >= 400 ? "application/problem+json" : "application/json";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
