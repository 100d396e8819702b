package io.openova.catalyst.identity.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSecretStoreTest extends SecretStoreContract {

    @TempDir
    Path dataDir;

    private final List<EmbeddedSecretStore> opened = new ArrayList<>();

    @Override
    SecretStore store() {
        return open();
    }

    private EmbeddedSecretStore open() {
        EmbeddedSecretStore store = new EmbeddedSecretStore(dataDir);
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(EmbeddedSecretStore::close);
    }

    /** Runs {@code sql} on the store's database through a connection of its own, as an intruder would. */
    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(EmbeddedSecretStore.jdbcUrl(dataDir));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void flipFirstByteOfCiphertext(String key, String property) throws SQLException {
        try (Connection connection = DriverManager.getConnection(EmbeddedSecretStore.jdbcUrl(dataDir));
                PreparedStatement select = connection.prepareStatement(
                        "SELECT ciphertext FROM secret_property WHERE secret_key = ? AND property = ?");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE secret_property SET ciphertext = ? WHERE secret_key = ? AND property = ?")) {
            select.setString(1, key);
            select.setString(2, property);
            byte[] ciphertext;
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next())
                        .as("a stored row for %s %s", key, property)
                        .isTrue();
                ciphertext = rows.getBytes(1);
            }
            ciphertext[0] ^= 1;
            update.setBytes(1, ciphertext);
            update.setString(2, key);
            update.setString(3, property);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void shouldNotWriteAnyValueInPlainTextWhenStoringSecrets() throws Exception {
        // Given
        EmbeddedSecretStore store = open();

        // When
        store.put(KEY, properties("superuserPassword", VALUE));
        store.close();

        // Then
        byte[] database = Files.readAllBytes(dataDir.resolve(EmbeddedSecretStore.DATABASE_FILE));
        assertThat(contains(database, KEY.getBytes(StandardCharsets.UTF_8)))
                .as("the scan sees plain text (the key is stored as is)")
                .isTrue();
        assertThat(contains(database, VALUE.getBytes(StandardCharsets.UTF_8)))
                .as("the value is in the database file in plain text")
                .isFalse();
    }

    @Test
    void shouldKeepSecretsWhenReopened() {
        // Given
        EmbeddedSecretStore first = open();
        first.put(KEY, properties("superuserPassword", VALUE));
        first.close();

        // When
        EmbeddedSecretStore reopened = open();

        // Then
        assertThat(reopened.get(KEY)).contains(properties("superuserPassword", VALUE));
    }

    @Test
    void shouldCreateKeyFileReadableOnlyByItsOwnerWhenStartingFirstTime() throws Exception {
        // Given
        assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");

        // When
        open();

        // Then
        Path keyFile = dataDir.resolve(EmbeddedSecretStore.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(Files.size(keyFile)).isEqualTo(32);
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("no temporary key file is left behind")
                    .containsExactlyInAnyOrder(EmbeddedSecretStore.KEY_FILE, EmbeddedSecretStore.DATABASE_FILE);
        }
    }

    @Test
    void shouldCreateTheDataDirectoryWhenItDoesNotExist() {
        // Given
        Path nested = dataDir.resolve("data/catalyst");

        // When
        try (EmbeddedSecretStore store = new EmbeddedSecretStore(nested)) {
            store.put(KEY, properties("password", VALUE));
        }

        // Then
        assertThat(nested.resolve(EmbeddedSecretStore.KEY_FILE)).isRegularFile();
        assertThat(nested.resolve(EmbeddedSecretStore.DATABASE_FILE)).isRegularFile();
    }

    @Test
    void shouldRefuseToStartWhenKeyFileIsMissingButDatabaseExists() throws Exception {
        // Given
        EmbeddedSecretStore first = open();
        first.put(KEY, properties("password", VALUE));
        first.close();
        Files.delete(dataDir.resolve(EmbeddedSecretStore.KEY_FILE));

        // When
        Throwable thrown = catchThrowable(this::open);

        // Then
        assertThat(thrown)
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("secrets.mv.db exists but its data key")
                .hasMessageContaining("secrets.key is missing: restore the key file from your backup");
        assertThat(dataDir.resolve(EmbeddedSecretStore.KEY_FILE)).doesNotExist();
    }

    @Test
    void shouldRefuseToStartWhenKeyFileHasTheWrongSize() throws Exception {
        // Given
        open().close();
        Files.write(dataDir.resolve(EmbeddedSecretStore.KEY_FILE), new byte[16]);

        // When
        Throwable thrown = catchThrowable(this::open);

        // Then
        assertThat(thrown)
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("secrets.key holds 16 bytes, expected 32 (an AES-256 key)");
    }

    @Test
    void shouldFailNamingTheKeyButNotTheValueWhenCiphertextWasTampered() throws Exception {
        // Given
        EmbeddedSecretStore store = open();
        store.put(KEY, properties("superuserPassword", VALUE));
        flipFirstByteOfCiphertext(KEY, "superuserPassword");

        // When
        Throwable thrown = catchThrowable(() -> store.get(KEY));

        // Then
        assertThat(thrown)
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("secret '" + KEY + "' property 'superuserPassword' failed its integrity check")
                .hasMessageNotContaining(VALUE);
    }

    @Test
    void shouldFailIntegrityCheckWhenCiphertextWasMovedToAnotherEntry() throws Exception {
        // Given
        EmbeddedSecretStore store = open();
        store.put("acme/dev/postgres", properties("password", VALUE));
        store.put("acme/dev/redis", properties("password", "other"));
        execute("""
                UPDATE secret_property target SET (nonce, ciphertext) =
                  (SELECT nonce, ciphertext FROM secret_property WHERE secret_key = 'acme/dev/postgres')
                WHERE target.secret_key = 'acme/dev/redis'
                """);

        // When
        Throwable thrown = catchThrowable(() -> store.get("acme/dev/redis"));

        // Then
        assertThat(thrown)
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("secret 'acme/dev/redis' property 'password' failed its integrity check");
    }

    @Test
    void shouldFailIntegrityCheckWhenKeyFileWasReplacedByAnotherKey() throws Exception {
        // Given
        EmbeddedSecretStore first = open();
        first.put(KEY, properties("password", VALUE));
        first.close();
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        Files.write(dataDir.resolve(EmbeddedSecretStore.KEY_FILE), otherKey);
        EmbeddedSecretStore reopened = open();

        // When
        Throwable thrown = catchThrowable(() -> reopened.get(KEY));

        // Then
        assertThat(thrown)
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("failed its integrity check")
                .hasMessageNotContaining(VALUE);
    }

    @Test
    void shouldLeaveTheOldEntryWhenPutFailsHalfWay() throws Exception {
        // Given
        EmbeddedSecretStore store = open();
        store.put(KEY, properties("password", "old"));
        execute("CREATE TRIGGER fail_insert BEFORE INSERT ON secret_property FOR EACH ROW CALL '"
                + FailingInsertTrigger.class.getName() + "'");

        // When
        Throwable thrown = catchThrowable(() -> store.put(KEY, properties("a", VALUE, "fail", VALUE, "z", VALUE)));

        // Then
        assertThat(thrown)
                .isInstanceOf(SecretStoreException.class)
                .hasMessageStartingWith("cannot store secret '" + KEY + "'")
                .hasMessageNotContaining(VALUE);
        assertThat(store.get(KEY)).contains(properties("password", "old"));
    }

    @Test
    void shouldRejectUseWhenClosed() {
        // Given
        EmbeddedSecretStore store = open();
        store.close();

        // When
        Throwable thrown = catchThrowable(() -> store.get(KEY));

        // Then
        assertThat(thrown).isInstanceOf(SecretStoreException.class).hasMessageContaining("the secret store is closed");
    }
}
