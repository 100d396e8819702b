package io.openova.catalyst.gitops.gitea;

import java.util.Map;
import java.util.Optional;

/**
 * A request the fake Gitea received.
 *
 * @param method the HTTP method
 * @param path the path without the query, such as {@code /api/v1/orgs}
 * @param query the raw query, empty when there is none
 * @param headers the first value of each header, names in lower case
 * @param body the body as text
 */
public record RecordedRequest(String method, String path, String query, Map<String, String> headers, String body) {
    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** {@code METHOD /path?query}, as a line of a request log. */
    public String line() {
        return method + " " + path + (query.isEmpty() ? "" : "?" + query);
    }
}
