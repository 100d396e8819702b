package io.openova.catalyst.server.http;

import java.util.List;

/** A request Catalyst refuses, answered as problem+json. Nothing was changed. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String slug;
    private final String title;
    private final transient List<ApiProblem.FieldError> errors;

    public ApiException(int status, String slug, String title, String detail, List<ApiProblem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiException badRequest(List<ApiProblem.FieldError> errors) {
        String detail = errors.size() == 1
                ? describe(errors.getFirst())
                : errors.size() + " problems with the request: "
                        + String.join(
                                "; ",
                                errors.stream().map(ApiException::describe).toList());
        return new ApiException(400, "invalid-request", "Invalid request", detail, errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not Found", detail, List.of());
    }

    private static String describe(ApiProblem.FieldError e) {
        return e.where() + ": " + e.detail();
    }

    public ApiProblem toProblem(String instance) {
        return new ApiProblem(ApiProblem.TYPE_BASE + slug, title, status, getMessage(), instance, errors);
    }

    public int status() {
        return status;
    }
}
