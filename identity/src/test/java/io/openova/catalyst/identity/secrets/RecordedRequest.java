package io.openova.catalyst.identity.secrets;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request the fake OpenBao received.
 *
 * @param method the HTTP method
 * @param path the path without the query, such as {@code /v1/secret/data/catalyst/acme/dev/postgres}
 * @param query the raw query, empty when there is none
 * @param headers the first value of each header, names in lower case
 * @param body the body as text
 */
record RecordedRequest(String method, String path, String query, Map<String, String> headers, String body) {
    RecordedRequest {
        headers = Map.copyOf(headers);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** {@code METHOD /path?query}, as a line of a request log. */
    String line() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query);
    }
}
