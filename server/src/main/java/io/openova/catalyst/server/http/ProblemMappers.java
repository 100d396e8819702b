package io.openova.catalyst.server.http;

import io.openova.catalyst.provisioning.InvalidConfigProblem;
import io.openova.catalyst.provisioning.InvalidValuesProblem;
import io.openova.catalyst.provisioning.ProvisioningException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error the API returns is problem+json: refusals (4xx) with what to fix, failures (5xx) without internals. */
public class ProblemMappers {
    private static final Logger LOGGER = LoggerFactory.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response refused(ApiException e, UriInfo uri) {
        return respond(e.toProblem(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response invalidConfig(InvalidConfigProblem e, UriInfo uri) {
        List<ApiProblem.FieldError> errors = e.violations().stream()
                .map(v -> ApiProblem.FieldError.pointer("/config" + v.pointer(), v.message()))
                .toList();
        return respond(new ApiProblem(
                ApiProblem.TYPE_BASE + "invalid-config", "Invalid config", 422, e.getMessage(), uri.getPath(), errors));
    }

    @ServerExceptionMapper
    public Response invalidValues(InvalidValuesProblem e, UriInfo uri) {
        List<ApiProblem.FieldError> errors = e.violations().stream()
                .map(v -> ApiProblem.FieldError.pointer("/values" + v.pointer(), v.message()))
                .toList();
        return respond(new ApiProblem(
                ApiProblem.TYPE_BASE + "invalid-values",
                "Invalid Helm values",
                422,
                e.getMessage(),
                uri.getPath(),
                errors));
    }

    @ServerExceptionMapper
    public Response provisioning(ProvisioningException e, UriInfo uri) {
        record Shape(int status, String slug, String title) {}
        Shape shape =
                switch (e.kind()) {
                    case NOT_FOUND -> new Shape(404, "not-found", "Not Found");
                    case CONFLICT -> new Shape(409, "conflict", "Conflict");
                    case UNPROCESSABLE -> new Shape(422, "unprocessable", "Unprocessable request");
                    case BAD_REQUEST -> new Shape(400, "invalid-request", "Invalid request");
                };
        return respond(new ApiProblem(
                ApiProblem.TYPE_BASE + shape.slug(),
                shape.title(),
                shape.status(),
                e.getMessage(),
                uri.getPath(),
                List.of()));
    }

    /** Jackson's own mapper for this type answers an empty 400; ours says what is wrong. */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(com.fasterxml.jackson.core.JsonProcessingException e, UriInfo uri) {
        String detail = e.getOriginalMessage() == null ? "the body is not valid JSON" : e.getOriginalMessage();
        return respond(new ApiProblem(
                ApiProblem.TYPE_BASE + "invalid-request",
                "Invalid request",
                400,
                "the body is not valid JSON: " + detail,
                uri.getPath(),
                List.of()));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException unreadable) {
            return unreadable(unreadable, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOGGER.error("request failed: path={}", uri.getPath(), e);
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        String detail =
                switch (status) {
                    case 404 -> "no resource at " + uri.getPath();
                    case 405 -> "this method is not allowed on " + uri.getPath();
                    case 406 -> "cannot produce the requested media type; this API answers application/json";
                    case 415 -> "unsupported media type; send application/json";
                    default -> type.getReasonPhrase();
                };
        String slug = type.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return respond(new ApiProblem(
                ApiProblem.TYPE_BASE + slug, type.getReasonPhrase(), status, detail, uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOGGER.error("request failed: path={}", uri.getPath(), e);
        return respond(new ApiProblem(
                ApiProblem.TYPE_BASE + "internal-error",
                "Internal error",
                500,
                "the server failed to answer; the error is logged",
                uri.getPath(),
                List.of()));
    }

    private static Response respond(ApiProblem problem) {
        return Response.status(problem.status())
                .type(ApiProblem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
