package io.openova.catalyst.server.http;

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
    public Response web(WebApplicationException e, UriInfo uri) {
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
