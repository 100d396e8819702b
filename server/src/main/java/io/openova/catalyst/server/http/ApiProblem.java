package io.openova.catalyst.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), with the list of individual errors (each naming
 * the query parameter or JSON pointer it is about) as an extension member.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiProblem(
        String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://catalyst.openova.io/problems/";

    public ApiProblem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One error, about a query parameter, a header, or a field of the body (a JSON pointer). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String parameter, String path, String header, String pointer, String detail) {
        /** A query parameter. */
        public static FieldError parameter(String name, String detail) {
            return new FieldError(name, null, null, null, detail);
        }

        /** A segment of the URL path, e.g. the Organization name. */
        public static FieldError path(String name, String detail) {
            return new FieldError(null, name, null, null, detail);
        }

        public static FieldError header(String name, String detail) {
            return new FieldError(null, null, name, null, detail);
        }

        /** A field of the request body, as a JSON pointer. */
        public static FieldError pointer(String pointer, String detail) {
            return new FieldError(null, null, null, pointer, detail);
        }

        /** Where the error is, as a person reads it. */
        public String where() {
            if (parameter != null) {
                return "query parameter '" + parameter + "'";
            }
            if (path != null) {
                return "path segment '" + path + "'";
            }
            if (header != null) {
                return "header '" + header + "'";
            }
            return pointer.isEmpty() ? "body" : "body field " + pointer;
        }
    }
}
