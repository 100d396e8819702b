package io.openova.catalyst.spine.jetstream;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.support.Status;
import io.openova.catalyst.spine.Names;
import io.openova.catalyst.spine.SpineException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NATS connection per Organization, each authenticated as that Organization's account user, opened on first use
 * and shared by the JetStream adapters. An Organization's connection can reach only its own account: its streams,
 * consumers and buckets are invisible to the others, whatever subject Catalyst's code composes.
 *
 * <p>The adapters ({@link JetStreamEventSpine}, {@link JetStreamKeyValueStore}) never close this object; its owner
 * does, after them. Connections reconnect on their own when the server goes away.
 */
public final class JetStreamConnections implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(JetStreamConnections.class);

    /** How long a JetStream API call or publish acknowledgement may take unless another timeout is given. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final List<String> servers;
    private final NatsCredentialsProvider credentials;
    private final Duration requestTimeout;
    private final ConcurrentMap<String, OrganizationConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Connections to {@code servers} (such as {@code nats://nats.catalyst-system:4222}) with the default timeout. */
    public JetStreamConnections(List<String> servers, NatsCredentialsProvider credentials) {
        this(servers, credentials, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Connections to {@code servers}, authenticated per Organization by {@code credentials}.
     *
     * @param requestTimeout how long a JetStream API call or publish acknowledgement may take
     */
    public JetStreamConnections(List<String> servers, NatsCredentialsProvider credentials, Duration requestTimeout) {
        if (servers == null || servers.isEmpty() || servers.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new IllegalArgumentException("at least one NATS server URL is required, got " + servers);
        }
        if (credentials == null) {
            throw new IllegalArgumentException("credentials provider must not be null");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be a positive duration, was " + requestTimeout);
        }
        this.servers = List.copyOf(servers);
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
    }

    /** How long a JetStream API call or publish acknowledgement may take. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * The connection of {@code organization}, opened if needed.
     *
     * @throws SpineException if the Organization has no credentials or the server refuses them
     */
    OrganizationConnection forOrganization(String organization) {
        Names.requireOrganization(organization);
        if (closed) {
            throw new SpineException(
                    "cannot connect for organization '" + organization + "': the NATS connections are closed");
        }
        OrganizationConnection existing = connections.get(organization);
        if (existing != null && existing.connection().getStatus() != Connection.Status.CLOSED) {
            return existing;
        }
        return connections.compute(organization, (org, current) -> {
            if (current != null && current.connection().getStatus() != Connection.Status.CLOSED) {
                return current;
            }
            return connect(org);
        });
    }

    private OrganizationConnection connect(String organization) {
        NatsCredentials found = credentials
                .credentialsFor(organization)
                .orElseThrow(() -> new SpineException("no NATS credentials for organization '" + organization
                        + "': add its account to the NATS server and its credentials to Catalyst"));
        Options.Builder options = Options.builder()
                .servers(servers.toArray(String[]::new))
                .connectionName("catalyst-" + organization)
                .connectionTimeout(requestTimeout)
                .maxReconnects(-1)
                .errorListener(new LoggingErrorListener(organization));
        switch (found) {
            case NatsCredentials.UserPassword userPassword ->
                options.userInfo(userPassword.user(), userPassword.password());
            case NatsCredentials.CredentialsFile file ->
                options.authHandler(Nats.credentials(file.path().toString()));
        }
        try {
            Connection connection = Nats.connect(options.build());
            JetStreamOptions jetStreamOptions =
                    JetStreamOptions.builder().requestTimeout(requestTimeout).build();
            KeyValueOptions keyValueOptions =
                    KeyValueOptions.builder().jetStreamOptions(jetStreamOptions).build();
            LOGGER.info("Connected to NATS organization={} servers={}", organization, servers);
            return new OrganizationConnection(
                    organization,
                    connection,
                    connection.jetStream(jetStreamOptions),
                    connection.jetStreamManagement(jetStreamOptions),
                    connection.keyValueManagement(keyValueOptions),
                    keyValueOptions);
        } catch (IOException e) {
            throw new SpineException(
                    "cannot connect to NATS " + servers + " as organization '" + organization + "': " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpineException("interrupted while connecting to NATS as organization '" + organization + "'", e);
        }
    }

    /** Closes every connection. */
    @Override
    public void close() {
        closed = true;
        for (OrganizationConnection connection : List.copyOf(connections.values())) {
            try {
                connection.connection().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connections.clear();
    }

    @Override
    public String toString() {
        return "JetStreamConnections[servers=" + servers + ", organizations=" + connections.keySet() + "]";
    }

    /** Maps a NATS client failure to a {@link SpineException} naming what was being done. */
    static SpineException failure(String action, Exception cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String detail = cause instanceof JetStreamApiException api
                ? api.getErrorDescription() + " (JetStream error " + api.getApiErrorCode() + ")"
                : cause.getMessage();
        return new SpineException("cannot " + action + ": " + detail, cause);
    }

    /** An Organization's connection with its JetStream contexts. */
    record OrganizationConnection(
            String organization,
            Connection connection,
            JetStream jetStream,
            JetStreamManagement management,
            KeyValueManagement keyValueManagement,
            KeyValueOptions keyValueOptions) {}

    /** Logs what the NATS client reports asynchronously, such as permission violations, with the Organization. */
    private record LoggingErrorListener(String organization) implements ErrorListener {
        @Override
        public void errorOccurred(Connection connection, String error) {
            LOGGER.warn("NATS error organization={} error={}", organization, error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            LOGGER.warn("NATS exception organization={}", organization, exception);
        }

        @Override
        public void slowConsumerDetected(Connection connection, Consumer consumer) {
            LOGGER.warn("NATS slow consumer organization={} dropped={}", organization, consumer.getDroppedCount());
        }

        @Override
        public void heartbeatAlarm(
                Connection connection,
                JetStreamSubscription subscription,
                long lastStreamSequence,
                long lastConsumerSequence) {
            LOGGER.warn(
                    "NATS heartbeat alarm, the subscription is recreated organization={} consumer={}"
                            + " lastStreamSequence={}",
                    organization,
                    consumerName(subscription),
                    lastStreamSequence);
        }

        @Override
        public void pullStatusError(Connection connection, JetStreamSubscription subscription, Status status) {
            LOGGER.warn(
                    "NATS pull error organization={} consumer={} status={}",
                    organization,
                    consumerName(subscription),
                    status);
        }

        @Override
        public void pullStatusWarning(Connection connection, JetStreamSubscription subscription, Status status) {
            LOGGER.warn(
                    "NATS pull warning organization={} consumer={} status={}",
                    organization,
                    consumerName(subscription),
                    status);
        }

        private static String consumerName(JetStreamSubscription subscription) {
            try {
                return subscription == null ? "" : subscription.getConsumerName();
            } catch (RuntimeException e) {
                return "";
            }
        }
    }
}
