package io.openova.catalyst.spine.jetstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.KeyValueStore;
import io.openova.catalyst.spine.SpineException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Organizations are kept apart by the NATS server, not by Catalyst's code: each has an account of its own, and the
 * user Catalyst connects as for it may only publish under {@code catalyst.<org>.>} and use the JetStream API.
 */
class OrganizationIsolationIT {

    @RegisterExtension
    static final NatsServer NATS = new NatsServer();

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String GLOBEX_EVENT = "catalyst.globex.dev.application.created";

    private final List<AutoCloseable> opened = new ArrayList<>();
    private JetStreamConnections connections;
    private EventSpine spine;
    private KeyValueStore store;

    /** Collects what the server reports asynchronously to a client, such as permission violations. */
    private static final class ErrorRecorder implements ErrorListener {
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Override
        public void errorOccurred(Connection connection, String error) {
            errors.add(error);
        }
    }

    @BeforeEach
    void openSpine() throws Exception {
        NATS.deleteEverything();
        connections = new JetStreamConnections(List.of(NATS.url()), NATS.runtimeCredentials());
        spine = new JetStreamEventSpine(connections, JetStreamEventSpineIT.SETTINGS);
        store = new JetStreamKeyValueStore(connections);
        spine.publish(GLOBEX_EVENT, "globex-1", bytes("globex fact"));
        spine.publish("catalyst.acme.dev.application.created", "acme-1", bytes("acme fact"));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        store.close();
        spine.close();
        connections.close();
    }

    private Connection connect(NatsCredentials credentials, ErrorListener errors) throws Exception {
        Connection connection = NATS.connect(credentials, errors);
        opened.add(connection);
        return connection;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                GLOBEX_EVENT,
                "audit.acme.login",
                "$JS.API.STREAM.DELETE.CATALYST_ACME",
                "$JS.API.STREAM.PURGE.CATALYST_ACME",
                "$JS.API.STREAM.MSG.DELETE.CATALYST_ACME"
            })
    void shouldRefuseTheRuntimeUserAPublishOutsideItsOrganizationOrDestroyingItsFacts(String subject) throws Exception {
        // Given
        ErrorRecorder acme = new ErrorRecorder();
        Connection connection = connect(NATS.runtime("acme"), acme);

        // When
        connection.publish(subject, bytes("{\"seq\":1}"));
        connection.flush(Duration.ofSeconds(5));

        // Then
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(acme.errors).anySatisfy(error -> assertThat(error)
                .contains("Permissions Violation for Publish to")
                .contains(subject)));
        assertThat(spine.lastSequence("acme")).isEqualTo(1);
        assertThat(spine.lastSequence("globex")).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheRuntimeUserASubscriptionOnAnotherOrganizationsSubjects() throws Exception {
        // Given
        ErrorRecorder acme = new ErrorRecorder();
        Connection connection = connect(NATS.runtime("acme"), acme);

        // When
        connection.subscribe("catalyst.globex.>");
        connection.flush(Duration.ofSeconds(5));

        // Then
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(acme.errors).anySatisfy(error -> assertThat(error)
                .contains("Permissions Violation for Subscription to")
                .contains("catalyst.globex.>")));
    }

    @Test
    void shouldStoreNothingInAnotherOrganizationWhenAnAccountOperatorPublishesToItsSubjects() throws Exception {
        // Given: acme's unrestricted operator, whose account has no stream for globex's subjects
        Connection connection = connect(NATS.admin("acme"), new ErrorRecorder());

        // When
        Throwable thrown = catchThrowable(() -> connection
                .jetStream(JetStreamOptions.builder()
                        .requestTimeout(Duration.ofSeconds(5))
                        .build())
                .publish(GLOBEX_EVENT, bytes("forged")));

        // Then
        assertThat(thrown).isNotNull().hasMessageContaining("No Responders");
        assertThat(spine.lastSequence("globex")).isEqualTo(1);
        assertThat(spine.read("globex", 0, "catalyst.globex.>", 10))
                .extracting(message -> new String(message.payload(), StandardCharsets.UTF_8))
                .containsExactly("globex fact");
    }

    @Test
    void shouldNotDeliverAnotherOrganizationsMessagesToAnyoneInAnAccount() throws Exception {
        // Given: acme's operator listens to every subject of its account
        Connection connection = connect(NATS.admin("acme"), new ErrorRecorder());
        List<String> seen = new CopyOnWriteArrayList<>();
        Dispatcher dispatcher = connection.createDispatcher(message -> seen.add(message.getSubject()));
        dispatcher.subscribe(">");
        connection.flush(Duration.ofSeconds(5));

        // When: globex publishes, then acme publishes a marker that the listener must see after anything earlier
        spine.publish(GLOBEX_EVENT, "globex-2", bytes("globex secret"));
        spine.publish("catalyst.acme.dev.marker.sent", "acme-marker", bytes("marker"));

        // Then
        await().atMost(PATIENCE).until(() -> seen.contains("catalyst.acme.dev.marker.sent"));
        assertThat(seen).noneMatch(subject -> subject.contains("globex"));
    }

    @Test
    void shouldHideAnotherOrganizationsStreamsAndBucketsFromTheJetStreamApi() throws Exception {
        // Given
        store.bucket("globex", "read-models").put("dev.db", bytes("ready"));
        store.bucket("acme", "read-models").put("dev.db", bytes("ready"));
        Connection connection = connect(NATS.runtime("acme"), new ErrorRecorder());
        JetStreamManagement management = connection.jetStreamManagement();

        // When
        List<String> streams = management.getStreamNames();

        // Then
        assertThat(streams).containsExactlyInAnyOrder("CATALYST_ACME", "KV_read-models");
        assertThat(connection.keyValueManagement().getBucketNames()).containsExactly("read-models");
        assertThat(catchThrowable(() -> management.getStreamInfo("CATALYST_GLOBEX")))
                .isInstanceOfSatisfying(JetStreamApiException.class, e -> assertThat(e.getApiErrorCode())
                        .isEqualTo(10059));
        assertThat(catchThrowable(() -> management.getMessage("CATALYST_GLOBEX", 1)))
                .isInstanceOfSatisfying(JetStreamApiException.class, e -> assertThat(e.getApiErrorCode())
                        .isEqualTo(10059));
        assertThat(new String(connection.keyValue("read-models").get("dev.db").getValue(), StandardCharsets.UTF_8))
                .as("acme's bucket of that name is acme's own")
                .isEqualTo("ready");
        assertThat(store.bucket("acme", "read-models").put("dev.web", bytes("x")))
                .as("the buckets count revisions apart")
                .isEqualTo(2);
    }

    @Test
    void shouldRefuseAnOrganizationWithoutCredentials() {
        // When
        Throwable thrown =
                catchThrowable(() -> spine.publish("catalyst.initech.dev.application.created", "i-1", bytes("x")));

        // Then
        assertThat(thrown)
                .isInstanceOf(SpineException.class)
                .hasMessage("no NATS credentials for organization 'initech': add its account to the NATS server and"
                        + " its credentials to Catalyst");
    }
}
