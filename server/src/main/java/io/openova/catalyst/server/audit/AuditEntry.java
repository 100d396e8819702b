package io.openova.catalyst.server.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;

/**
 * One mutating request, as the audit log keeps it: who, in which Organization, did what to what, and how it ended. It
 * never holds a request body, so no secret value can reach it.
 *
 * @param sequence the entry's place in the Organization's stream (0 before it is published)
 * @param recorded when the spine stored the entry (absent before it is published); later than {@code time} by how
 *     long publishing took, or by how long the entry waited in the outbox while the spine could not be reached
 * @param time when the answer was sent, by the server's clock
 * @param actor the caller's subject
 * @param actorOrganization the caller's Organization, empty for a Sovereign-level caller
 * @param organization the Organization the request was about
 * @param action what was asked, {@code <resource>.<verb>} such as {@code application.install}
 * @param method the HTTP method
 * @param target the request path
 * @param status the HTTP status of the answer
 * @param result {@code success}, {@code refused} (401, 403, 404: nothing was done) or {@code failed}
 * @param operationId the operation the request started, if any
 * @param requestId the request's {@code X-Request-Id} or {@code Idempotency-Key}, if any
 */
public record AuditEntry(
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long sequence,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant recorded,
        Instant time,
        String actor,
        Optional<String> actorOrganization,
        String organization,
        String action,
        String method,
        String target,
        int status,
        String result,
        Optional<String> operationId,
        Optional<String> requestId) {

    /** {@code success} for 2xx and 3xx, {@code refused} for 401/403/404, else {@code failed}. */
    static String result(int status) {
        if (status < 400) {
            return "success";
        }
        return status == 401 || status == 403 || status == 404 ? "refused" : "failed";
    }

    AuditEntry published(long value, Instant at) {
        return new AuditEntry(
                value,
                at,
                time,
                actor,
                actorOrganization,
                organization,
                action,
                method,
                target,
                status,
                result,
                operationId,
                requestId);
    }
}
