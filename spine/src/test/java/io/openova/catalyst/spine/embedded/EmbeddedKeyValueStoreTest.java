package io.openova.catalyst.spine.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.spine.KeyValueStore;
import io.openova.catalyst.spine.KeyValueStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKeyValueStoreTest extends KeyValueStoreContract {

    @TempDir
    Path dataDir;

    private final List<KeyValueStore> opened = new ArrayList<>();

    @Override
    protected KeyValueStore openStore() {
        KeyValueStore store = new EmbeddedKeyValueStore(dataDir);
        opened.add(store);
        return store;
    }

    @Override
    protected void stop(KeyValueStore store) {
        store.close();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(KeyValueStore::close);
    }

    @Test
    void shouldKeepInMemoryStoresApart() {
        // Given
        try (EmbeddedKeyValueStore first = EmbeddedKeyValueStore.inMemory();
                EmbeddedKeyValueStore second = EmbeddedKeyValueStore.inMemory()) {
            first.bucket(ACME, BUCKET).put("dev.db", "1".getBytes(StandardCharsets.UTF_8));

            // When
            var entry = second.bucket(ACME, BUCKET).get("dev.db");

            // Then
            assertThat(entry).isEmpty();
        }
    }

    @Test
    void shouldCreateTheDatabaseFileInTheDataDirectory() {
        // Given
        KeyValueStore store = openStore();

        // When
        store.bucket(ACME, BUCKET).put("dev.db", "1".getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(dataDir.resolve(EmbeddedKeyValueStore.DATABASE_FILE)).isRegularFile();
    }
}
