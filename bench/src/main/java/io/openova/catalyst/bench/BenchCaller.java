package io.openova.catalyst.bench;

import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * Who the benchmarks call the API as: the bearer token in {@code CATALYST_TOKEN}, which {@code bench/run.sh} gets by
 * logging in as the fresh server's Sovereign admin (docs/security.md). Without it the API answers 401 and the run
 * fails, as it should.
 */
final class BenchCaller {
    /** The token, read once from the environment of the benchmark's process. */
    static final Optional<String> TOKEN = Optional.ofNullable(System.getenv("CATALYST_TOKEN"))
            .map(String::strip)
            .filter(t -> !t.isEmpty());

    private BenchCaller() {}

    /** Adds {@code Authorization: Bearer} when there is a token. */
    static HttpRequest.Builder authorized(HttpRequest.Builder request) {
        TOKEN.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return request;
    }

    /** The header line of a raw HTTP/1.1 request, {@code ""} without a token. */
    static String headerLine() {
        return TOKEN.map(token -> "Authorization: Bearer " + token + "\r\n").orElse("");
    }
}
