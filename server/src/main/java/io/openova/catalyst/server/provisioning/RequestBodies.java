package io.openova.catalyst.server.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.server.http.ApiException;
import io.openova.catalyst.server.http.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads JSON request bodies strictly: an object, known fields only, each of the expected type. */
public final class RequestBodies {
    private RequestBodies() {}

    /** The body as an object with only {@code allowed} fields; 400 naming every offending field otherwise. */
    public static JsonNode object(JsonNode body, Set<String> allowed, Set<String> required) {
        return object(body, allowed, required, "");
    }

    /** As {@link #object(JsonNode, Set, Set)} for the object at JSON pointer {@code at} of the body. */
    public static JsonNode object(JsonNode body, Set<String> allowed, Set<String> required, String at) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(List.of(
                    pointer(at, at.isEmpty() ? "the request body must be a JSON object" : "must be a JSON object")));
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!allowed.contains(field.getKey())) {
                errors.add(pointer(
                        at + "/" + field.getKey(),
                        "unknown field; expected " + allowed.stream().sorted().toList()));
            }
        }
        for (String name : required.stream().sorted().toList()) {
            if (!body.hasNonNull(name)) {
                errors.add(pointer(at + "/" + name, "is required"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(errors);
        }
        return body;
    }

    public static String text(JsonNode body, String field) {
        return optionalText(body, field).orElseThrow();
    }

    public static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(List.of(pointer("/" + field, "must be a string")));
        }
        return Optional.of(value.asText());
    }

    static Optional<JsonNode> optionalObject(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw ApiException.badRequest(List.of(pointer("/" + field, "must be a JSON object")));
        }
        return Optional.of(value);
    }

    private static ApiProblem.FieldError pointer(String pointer, String detail) {
        return ApiProblem.FieldError.pointer(pointer, detail);
    }
}
