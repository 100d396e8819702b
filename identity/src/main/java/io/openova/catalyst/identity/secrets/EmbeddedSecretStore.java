package io.openova.catalyst.identity.secrets;

import io.openova.catalyst.identity.storage.H2Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link SecretStore}: an H2 database at {@code <dataDir>/secrets.mv.db} holding each property value
 * encrypted with AES-256-GCM under a data key kept in {@code <dataDir>/secrets.key}.
 *
 * <p>Every value has its own random 12-byte nonce, and the key and property name are the additional authenticated
 * data, so a stored ciphertext cannot be altered or moved to another entry without {@link #get} noticing. The data key
 * is generated on first start and written owner-only (rw-------, where the file system has POSIX permissions). If the
 * database exists but the key file does not, the store refuses to start rather than make a new key that could never
 * decrypt the stored values. The database file never holds a value in plain text; whoever holds both files holds the
 * secrets, so back them up apart.
 *
 * <p>Open one store per data directory and share it: it is thread-safe, and it serializes its own writes.
 */
public final class EmbeddedSecretStore implements SecretStore, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedSecretStore.class);

    static final String DATABASE_NAME = "secrets";
    static final String DATABASE_FILE = DATABASE_NAME + ".mv.db";
    static final String KEY_FILE = "secrets.key";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CIPHER = "AES/GCM/NoPadding";

    private static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS secret_property (
              secret_key VARCHAR(%d) NOT NULL,
              property VARCHAR(%d) NOT NULL,
              nonce BINARY(%d) NOT NULL,
              ciphertext VARBINARY(%d) NOT NULL,
              updated TIMESTAMP WITH TIME ZONE NOT NULL,
              PRIMARY KEY (secret_key, property)
            )""".formatted(
                    SecretKeys.MAX_KEY_LENGTH,
                    SecretKeys.MAX_PROPERTY_LENGTH,
                    NONCE_BYTES,
                    SecretKeys.MAX_VALUE_BYTES + TAG_BITS / 8);
    private static final String UNDER_PREFIX = "(secret_key = ? OR secret_key LIKE ?)";

    private final Path dataDir;
    private final SecretKey dataKey;
    private final SecureRandom random = new SecureRandom();
    /**
     * Writes run one at a time: two concurrent replacements of one entry would otherwise both insert the same rows.
     * Reads need no lock, they see each write whole or not at all. Other processes are kept out by H2's file lock.
     */
    private final H2Store store;

    /**
     * Opens the store in {@code dataDir}, creating the directory, the data key and the database on first start.
     *
     * @throws SecretStoreException if the key file is missing while the database exists, the key file is not a
     *     256-bit key, or the files cannot be read or created
     */
    public EmbeddedSecretStore(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        if (this.dataDir.toString().contains(";")) {
            throw new IllegalArgumentException("secret store directory must not contain ';': " + this.dataDir);
        }
        byte[] key = loadOrCreateKey(this.dataDir);
        try {
            this.dataKey = new SecretKeySpec(key, "AES");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        this.store = new H2Store(
                jdbcUrl(this.dataDir),
                List.of(CREATE_TABLE),
                "the secret store database in " + this.dataDir,
                "the secret store is closed",
                SecretStoreException::new);
        LOGGER.debug("Secret store opened dataDir={}", this.dataDir);
    }

    /** {@code WRITE_DELAY=0}: a secret is in the file before the commit that refers to it is made. */
    static String jdbcUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve(DATABASE_NAME)
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    @Override
    public void put(String key, SortedMap<String, String> properties) {
        SortedMap<String, String> checked = SecretKeys.requireProperties(key, properties);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        store.write("store secret '" + key + "'", connection -> {
            try (PreparedStatement delete =
                            connection.prepareStatement("DELETE FROM secret_property WHERE secret_key = ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO secret_property (secret_key, property, nonce, ciphertext, updated)"
                                    + " VALUES (?, ?, ?, ?, ?)")) {
                delete.setString(1, key);
                delete.executeUpdate();
                for (Map.Entry<String, String> property : checked.entrySet()) {
                    byte[] nonce = new byte[NONCE_BYTES];
                    random.nextBytes(nonce);
                    insert.setString(1, key);
                    insert.setString(2, property.getKey());
                    insert.setBytes(3, nonce);
                    insert.setBytes(4, encrypt(key, property.getKey(), nonce, property.getValue()));
                    insert.setObject(5, now);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Optional<SortedMap<String, String>> get(String key) {
        SecretKeys.requireKey(key);
        SortedMap<String, String> properties = store.read("read secret '" + key + "'", connection -> {
            SortedMap<String, String> found = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT property, nonce, ciphertext FROM secret_property WHERE secret_key = ?")) {
                select.setString(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String property = rows.getString(1);
                        found.put(property, decrypt(key, property, rows.getBytes(2), rows.getBytes(3)));
                    }
                }
            }
            return found;
        });
        return properties.isEmpty() ? Optional.empty() : Optional.of(RedactedProperties.copyOf(properties));
    }

    @Override
    public void delete(String key) {
        SecretKeys.requireKey(key);
        store.write("delete secret '" + key + "'", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM secret_property WHERE secret_key = ?")) {
                delete.setString(1, key);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<String> list(String prefix) {
        SecretKeys.requirePrefix(prefix);
        return store.read("list secrets under '" + prefix + "'", connection -> {
            String where = prefix.isEmpty() ? "" : " WHERE " + UNDER_PREFIX;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT secret_key FROM secret_property" + where + " ORDER BY secret_key")) {
                if (!prefix.isEmpty()) {
                    bindPrefix(select, prefix);
                }
                List<String> keys = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
                return List.copyOf(keys);
            }
        });
    }

    @Override
    public void deletePrefix(String prefix) {
        SecretKeys.requireKey(prefix);
        store.write("delete secrets under '" + prefix + "'", connection -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM secret_property WHERE " + UNDER_PREFIX)) {
                bindPrefix(delete, prefix);
                return delete.executeUpdate();
            }
        });
    }

    /** Closes the database; the store cannot be used afterwards. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "EmbeddedSecretStore[dataDir=" + dataDir + "]";
    }

    /** Keys are DNS-1123 labels and '/', so they hold none of LIKE's wildcards ('%', '_') and need no escaping. */
    private static void bindPrefix(PreparedStatement statement, String prefix) throws SQLException {
        statement.setString(1, prefix);
        statement.setString(2, prefix + "/%");
    }

    private byte[] encrypt(String key, String property, byte[] nonce, String value) {
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(key, property));
            return cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException("cannot encrypt secret '" + key + "' property '" + property + "'", e);
        }
    }

    private String decrypt(String key, String property, byte[] nonce, byte[] ciphertext) {
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(key, property));
            return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretStoreException("secret '" + key + "' property '" + property
                    + "' failed its integrity check: the stored value was altered, moved from another entry, or"
                    + " written with another data key than " + dataDir.resolve(KEY_FILE));
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException("cannot decrypt secret '" + key + "' property '" + property + "'", e);
        }
    }

    /** Binds a ciphertext to its place: key and property, separated by a byte neither can contain. */
    private static byte[] associatedData(String key, String property) {
        return (key + '\0' + property).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] loadOrCreateKey(Path dataDir) {
        Path keyFile = dataDir.resolve(KEY_FILE);
        Path databaseFile = dataDir.resolve(DATABASE_FILE);
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(keyFile)) {
                return readKey(keyFile);
            }
            if (Files.exists(databaseFile)) {
                throw new SecretStoreException("secret store database " + databaseFile + " exists but its data key "
                        + keyFile + " is missing: restore the key file from your backup. No new key is made, because"
                        + " the stored secrets could never be decrypted with it.");
            }
            return createKey(dataDir, keyFile);
        } catch (IOException e) {
            throw new SecretStoreException("cannot read or create the secret store data key " + keyFile, e);
        }
    }

    private static byte[] readKey(Path keyFile) throws IOException {
        byte[] key = Files.readAllBytes(keyFile);
        if (key.length != KEY_BYTES) {
            int size = key.length;
            Arrays.fill(key, (byte) 0);
            throw new SecretStoreException("secret store data key " + keyFile + " holds " + size + " bytes, expected "
                    + KEY_BYTES + " (an AES-256 key): restore the original key file from your backup");
        }
        if (isPosix(keyFile.getParent())) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (!PosixFilePermissions.fromString("rw-------").containsAll(permissions)) {
                LOGGER.warn(
                        "Secret store data key is readable by others keyFile={} permissions={}: restrict it to rw-------",
                        keyFile,
                        PosixFilePermissions.toString(permissions));
            }
        }
        return key;
    }

    private static byte[] createKey(Path dataDir, Path keyFile) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path temporary = isPosix(dataDir)
                ? Files.createTempFile(
                        dataDir,
                        KEY_FILE,
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dataDir, KEY_FILE, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(key));
                channel.force(true);
            }
            Files.move(temporary, keyFile, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        LOGGER.info("Generated a new secret store data key keyFile={}", keyFile);
        return key;
    }

    private static boolean isPosix(Path directory) {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
