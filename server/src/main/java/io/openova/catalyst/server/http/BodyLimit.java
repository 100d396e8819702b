package io.openova.catalyst.server.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Request bodies over {@value #LIMIT} bytes are refused with a 413 problem+json: at once when {@code Content-Length}
 * says so, and while reading when a chunked body grows past the limit. (The HTTP layer's own, higher limit stays as
 * a backstop for bodies no handler reads.)
 */
@ApplicationScoped
@Provider
public class BodyLimit implements ReaderInterceptor {
    public static final long LIMIT = 1024 * 1024;
    private static final String DETAIL = "the request body is too large (the limit is 1 MiB)";

    void register(@Observes Filters filters) {
        filters.register(
                context -> {
                    String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
                    if (length != null && tooLong(length)) {
                        ApiProblem problem = problem(context.normalizedPath());
                        context.response()
                                .setStatusCode(413)
                                .putHeader(HttpHeaders.CONTENT_TYPE, ApiProblem.MEDIA_TYPE)
                                .putHeader(HttpHeaders.CONNECTION, "close")
                                .end(io.vertx.core.json.Json.encode(problem));
                        return;
                    }
                    context.next();
                },
                Integer.MAX_VALUE);
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        context.setInputStream(new Bounded(context.getInputStream()));
        return context.proceed();
    }

    private static boolean tooLong(String length) {
        try {
            return Long.parseLong(length.strip()) > LIMIT;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static ApiProblem problem(String path) {
        return new ApiProblem(
                ApiProblem.TYPE_BASE + "payload-too-large", "Payload Too Large", 413, DETAIL, path, List.of());
    }

    /** Counts what is read and stops at the limit. */
    private static final class Bounded extends FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > LIMIT) {
                throw new ApiException(413, "payload-too-large", "Payload Too Large", DETAIL, List.of());
            }
        }
    }
}
