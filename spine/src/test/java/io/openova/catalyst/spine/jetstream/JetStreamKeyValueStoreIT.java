package io.openova.catalyst.spine.jetstream;

import io.openova.catalyst.spine.KeyValueStore;
import io.openova.catalyst.spine.KeyValueStoreContract;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

class JetStreamKeyValueStoreIT extends KeyValueStoreContract {

    @RegisterExtension
    static final NatsServer NATS = new NatsServer();

    private final Map<KeyValueStore, JetStreamConnections> opened = new IdentityHashMap<>();

    @BeforeEach
    void startEmpty() throws Exception {
        NATS.deleteEverything();
    }

    @Override
    protected KeyValueStore openStore() {
        JetStreamConnections connections = new JetStreamConnections(List.of(NATS.url()), NATS.runtimeCredentials());
        KeyValueStore store = new JetStreamKeyValueStore(connections);
        opened.put(store, connections);
        return store;
    }

    @Override
    protected void stop(KeyValueStore store) {
        store.close();
        opened.get(store).close();
    }

    @AfterEach
    void closeStores() {
        opened.forEach((store, connections) -> {
            store.close();
            connections.close();
        });
    }
}
