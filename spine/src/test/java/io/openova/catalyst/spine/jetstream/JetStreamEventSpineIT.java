package io.openova.catalyst.spine.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.EventSpineContract;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JetStreamEventSpineIT extends EventSpineContract {

    @RegisterExtension
    static final NatsServer NATS = new NatsServer();

    /** Small enough for the test accounts' JetStream limits. */
    static final StreamSettings SETTINGS = new StreamSettings(Duration.ofDays(30), 64L << 20, Duration.ofDays(7), 1);

    private final Map<EventSpine, JetStreamConnections> opened = new IdentityHashMap<>();

    @BeforeEach
    void startEmpty() throws Exception {
        NATS.deleteEverything();
    }

    @Override
    protected EventSpine openSpine() {
        JetStreamConnections connections = new JetStreamConnections(List.of(NATS.url()), NATS.runtimeCredentials());
        EventSpine spine = new JetStreamEventSpine(connections, SETTINGS);
        opened.put(spine, connections);
        return spine;
    }

    @Override
    protected void stop(EventSpine spine) {
        spine.close();
        opened.get(spine).close();
    }

    @AfterEach
    void closeSpines() {
        opened.forEach((spine, connections) -> {
            spine.close();
            connections.close();
        });
    }

    private StreamConfiguration streamAsTheOperatorSeesIt() throws Exception {
        Connection connection = NATS.connect(NATS.admin(ACME), new ErrorListener() {});
        try {
            return connection
                    .jetStreamManagement()
                    .getStreamInfo(JetStreamEventSpine.streamName(ACME))
                    .getConfiguration();
        } finally {
            connection.close();
        }
    }

    @Test
    void shouldCreateTheOrganizationStreamWithTheDocumentedConfiguration() throws Exception {
        // Given
        EventSpine spine = openSpine();

        // When
        spine.publish(CREATED, "commit-1", bytes("x"));

        // Then
        StreamConfiguration stream = streamAsTheOperatorSeesIt();
        assertThat(stream.getName()).isEqualTo("CATALYST_ACME");
        assertThat(stream.getSubjects()).containsExactly("catalyst.acme.>");
        assertThat(stream.getStorageType()).isEqualTo(StorageType.File);
        assertThat(stream.getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
        assertThat(stream.getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
        assertThat(stream.getMaxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(stream.getMaxBytes()).isEqualTo(64L << 20);
        assertThat(stream.getDuplicateWindow()).isEqualTo(Duration.ofDays(7));
        assertThat(stream.getReplicas()).isEqualTo(1);
        assertThat(List.of(stream.getDenyDelete(), stream.getDenyPurge())).containsExactly(true, true);
    }

    @Test
    void shouldBringAnAlteredStreamBackToItsSettingsOnFirstUse() throws Exception {
        // Given
        openSpine().publish(CREATED, "commit-1", bytes("x"));
        Connection operator = NATS.connect(NATS.admin(ACME), new ErrorListener() {});
        try {
            JetStreamManagement management = operator.jetStreamManagement();
            management.updateStream(StreamConfiguration.builder(streamAsTheOperatorSeesIt())
                    .maxAge(Duration.ofDays(20))
                    .build());
        } finally {
            operator.close();
        }

        // When
        openSpine().publish(CREATED, "commit-2", bytes("y"));

        // Then
        assertThat(streamAsTheOperatorSeesIt().getMaxAge()).isEqualTo(Duration.ofDays(30));
    }
}
