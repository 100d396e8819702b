package io.openova.catalyst.server.audit;

import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.organizations.OrganizationDirectory;
import io.openova.catalyst.server.security.CurrentCaller;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every mutating request of an authenticated caller in the audit log, when its answer is sent: allowed or
 * refused, succeeded or failed. A request of another Organization's user is recorded without naming them. Reads are
 * not recorded, nor requests about an Organization that does not exist (they have no log to go to). A request about
 * no Organization in its path (creating an Organization) is recorded in the Organization the resource names with
 * {@link #ORGANIZATION_PROPERTY}.
 */
public class AuditRecorder {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditRecorder.class);
    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    /** The request property a resource sets to the Organization a request without {@code {org}} was about. */
    public static final String ORGANIZATION_PROPERTY = "catalyst.audit.organization";
    /**
     * The actor of an entry about a request of another Organization's user (always refused): an Organization's log
     * never names another Organization or its users. The server log keeps who it was, for the Sovereign's operators.
     */
    static final String OUTSIDER = "(a user of another Organization)";

    private final AuditLog log;
    private final CurrentCaller current;
    private final OrganizationDirectory organizations;
    private final Clock clock;

    AuditRecorder(AuditLog log, CurrentCaller current, OrganizationDirectory organizations, Clock clock) {
        this.log = log;
        this.current = current;
        this.organizations = organizations;
        this.clock = clock;
    }

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        if (READS.contains(request.getMethod()) || resource == null || resource.getResourceMethod() == null) {
            return;
        }
        Optional<Caller> caller = current.get();
        if (caller.isEmpty()) {
            return;
        }
        Optional<String> organization = Optional.ofNullable(
                        request.getUriInfo().getPathParameters().getFirst("org"))
                .or(() -> Optional.ofNullable((String) request.getProperty(ORGANIZATION_PROPERTY)));
        if (organization.isEmpty() || !organizations.exists(organization.get())) {
            return;
        }
        int status = response.getStatus();
        boolean outsider = caller.get()
                .organization()
                .filter(own -> !own.equals(organization.get()))
                .isPresent();
        if (outsider) {
            LOGGER.info(
                    "A user of another Organization was refused org={} actor={} actorOrganization={} method={} path={}"
                            + " status={}",
                    organization.get(),
                    caller.get().subject(),
                    caller.get().organization().get(),
                    request.getMethod(),
                    request.getUriInfo().getPath(),
                    status);
        }
        AuditEntry entry = new AuditEntry(
                0,
                null,
                clock.instant(),
                outsider ? OUTSIDER : caller.get().subject(),
                outsider ? Optional.empty() : caller.get().organization(),
                organization.get(),
                action(resource),
                request.getMethod(),
                request.getUriInfo().getPath(),
                status,
                AuditEntry.result(status),
                Optional.ofNullable(response.getHeaderString("X-Operation-Id")),
                Optional.ofNullable(request.getHeaderString("Idempotency-Key"))
                        .or(() -> Optional.ofNullable(request.getHeaderString("X-Request-Id"))));
        try {
            log.record(entry);
        } catch (RuntimeException e) {
            LOGGER.error(
                    "Audit entry not recorded org={} action={} actor={} status={}",
                    entry.organization(),
                    entry.action(),
                    entry.actor(),
                    status,
                    e);
        }
    }

    /** {@code ApplicationResource#install} is {@code application.install}. */
    static String action(ResourceInfo resource) {
        String type = resource.getResourceClass().getSimpleName().replace("Resource", "");
        return type.toLowerCase(Locale.ROOT) + "."
                + resource.getResourceMethod().getName();
    }
}
