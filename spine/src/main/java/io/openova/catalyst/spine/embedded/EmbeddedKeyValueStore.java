package io.openova.catalyst.spine.embedded;

import io.openova.catalyst.spine.KeyValueBucket;
import io.openova.catalyst.spine.KeyValueEntry;
import io.openova.catalyst.spine.KeyValueStore;
import io.openova.catalyst.spine.KeyValueWatcher;
import io.openova.catalyst.spine.Names;
import io.openova.catalyst.spine.RevisionConflictException;
import io.openova.catalyst.spine.SpineException;
import io.openova.catalyst.spine.Subscription;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link KeyValueStore}: an H2 database at {@code <dataDir>/spine-kv.mv.db}.
 *
 * <p>Table {@code kv_bucket} holds each bucket with its current revision; table {@code kv_entry} holds the latest
 * entry of each key with the revision of its last write, deleted keys as tombstones (so that a deletion moves the
 * revision, as in JetStream). Reopening the same directory gives back every bucket, key and revision.
 *
 * <p>Writes to one bucket are serialized, and each takes the next revision in the transaction that stores it. Watchers
 * are fed from the writes of this process (the only one that can open the directory), in revision order.
 *
 * <p>Open one store per data directory and share it: it is thread-safe.
 */
public final class EmbeddedKeyValueStore implements KeyValueStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedKeyValueStore.class);

    static final String DATABASE_NAME = "spine-kv";
    static final String DATABASE_FILE = DATABASE_NAME + ".mv.db";

    private static final String[] SCHEMA = {"""
        CREATE TABLE IF NOT EXISTS kv_bucket (
          organization VARCHAR(63) NOT NULL,
          bucket VARCHAR(63) NOT NULL,
          revision BIGINT NOT NULL,
          PRIMARY KEY (organization, bucket)
        )""", """
        CREATE TABLE IF NOT EXISTS kv_entry (
          organization VARCHAR(63) NOT NULL,
          bucket VARCHAR(63) NOT NULL,
          entry_key VARCHAR(%d) NOT NULL,
          revision BIGINT NOT NULL,
          deleted BOOLEAN NOT NULL,
          entry_value VARBINARY(%d) NOT NULL,
          PRIMARY KEY (organization, bucket, entry_key),
          FOREIGN KEY (organization, bucket) REFERENCES kv_bucket (organization, bucket) ON DELETE CASCADE
        )""".formatted(Names.MAX_KEY_LENGTH, Names.MAX_PAYLOAD_BYTES)};

    private static final byte[] NO_VALUE = new byte[0];

    private final H2Database database;
    private final ConcurrentMap<BucketKey, BucketState> states = new ConcurrentHashMap<>();
    private final Set<WatchWorker> watchers = ConcurrentHashMap.newKeySet();

    /** Opens the store in {@code dataDir}, creating the directory and the database on first start. */
    public EmbeddedKeyValueStore(Path dataDir) {
        this(H2Database.file(dataDir, DATABASE_NAME, "key-value store", SCHEMA));
    }

    private EmbeddedKeyValueStore(H2Database database) {
        this.database = database;
        LOGGER.debug("Key-value store opened database={}", database.location());
    }

    /** A store in memory, gone when closed: for tests of code that uses the store. */
    public static EmbeddedKeyValueStore inMemory() {
        return new EmbeddedKeyValueStore(H2Database.memory(DATABASE_NAME, "key-value store", SCHEMA));
    }

    static String jdbcUrl(Path dataDir) {
        return H2Database.jdbcUrl(dataDir, DATABASE_NAME);
    }

    @Override
    public KeyValueBucket bucket(String organization, String name) {
        BucketKey key = new BucketKey(Names.requireOrganization(organization), Names.requireBucket(name));
        BucketState state = state(key);
        state.lock.lock();
        try {
            database.inTransaction("create bucket " + key, connection -> {
                if (bucketRevision(connection, key).isEmpty()) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO kv_bucket (organization, bucket, revision) VALUES (?, ?, 0)")) {
                        insert.setString(1, key.organization());
                        insert.setString(2, key.name());
                        insert.executeUpdate();
                    }
                }
                return null;
            });
        } finally {
            state.lock.unlock();
        }
        return new Bucket(key, state);
    }

    @Override
    public boolean deleteBucket(String organization, String name) {
        BucketKey key = new BucketKey(Names.requireOrganization(organization), Names.requireBucket(name));
        BucketState state = state(key);
        state.lock.lock();
        try {
            List.copyOf(state.watchers).forEach(WatchWorker::close);
            return database.inTransaction("delete bucket " + key, connection -> {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM kv_bucket WHERE organization = ? AND bucket = ?")) {
                    delete.setString(1, key.organization());
                    delete.setString(2, key.name());
                    return delete.executeUpdate() > 0;
                }
            });
        } finally {
            state.lock.unlock();
        }
    }

    /** Stops every watch, then closes the database. */
    @Override
    public void close() {
        if (database.isClosed()) {
            return;
        }
        List.copyOf(watchers).forEach(WatchWorker::close);
        database.close();
        LOGGER.debug("Key-value store closed database={}", database.location());
    }

    @Override
    public String toString() {
        return "EmbeddedKeyValueStore[database=" + database.location() + "]";
    }

    private BucketState state(BucketKey key) {
        if (database.isClosed()) {
            throw new SpineException("cannot use bucket " + key + ": the key-value store is closed");
        }
        return states.computeIfAbsent(key, k -> new BucketState());
    }

    private static Optional<Long> bucketRevision(Connection connection, BucketKey key) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT revision FROM kv_bucket WHERE organization = ? AND bucket = ?")) {
            select.setString(1, key.organization());
            select.setString(2, key.name());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    private static long requireBucket(Connection connection, BucketKey key) throws SQLException {
        return bucketRevision(connection, key)
                .orElseThrow(() -> new SpineException(
                        "bucket " + key + " does not exist: it was deleted, open it again to recreate it"));
    }

    /** The latest entry of {@code entryKey}, a deletion included, or empty if it was never written. */
    private static Optional<KeyValueEntry> latest(Connection connection, BucketKey key, String entryKey)
            throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT revision, deleted, entry_value FROM kv_entry"
                        + " WHERE organization = ? AND bucket = ? AND entry_key = ?")) {
            select.setString(1, key.organization());
            select.setString(2, key.name());
            select.setString(3, entryKey);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new KeyValueEntry(
                        entryKey,
                        rows.getBytes(3),
                        rows.getLong(1),
                        rows.getBoolean(2) ? KeyValueEntry.Operation.DELETE : KeyValueEntry.Operation.PUT));
            }
        }
    }

    private record BucketKey(String organization, String name) {
        @Override
        public String toString() {
            return "'" + name + "' of '" + organization + "'";
        }
    }

    /** What a write expects of the key's current state. */
    private sealed interface Expectation {
        /** Any state. */
        record Any() implements Expectation {}

        /** Absent or deleted. */
        record Absent() implements Expectation {}

        /** Present at this revision. */
        record AtRevision(long revision) implements Expectation {}

        /** Present: a delete of an absent key writes nothing. */
        record Present() implements Expectation {}
    }

    /** The lock writers of one bucket take, and its watchers. */
    private static final class BucketState {
        final ReentrantLock lock = new ReentrantLock();
        final List<WatchWorker> watchers = new CopyOnWriteArrayList<>();
    }

    private final class Bucket implements KeyValueBucket {
        private final BucketKey key;
        private final BucketState state;

        Bucket(BucketKey key, BucketState state) {
            this.key = key;
            this.state = state;
        }

        @Override
        public String organization() {
            return key.organization();
        }

        @Override
        public String name() {
            return key.name();
        }

        @Override
        public Optional<KeyValueEntry> get(String entryKey) {
            Names.requireKey(entryKey);
            return database.inTransaction("read key '" + entryKey + "' of bucket " + key, connection -> {
                requireBucket(connection, key);
                return latest(connection, key, entryKey)
                        .filter(entry -> entry.operation() == KeyValueEntry.Operation.PUT);
            });
        }

        @Override
        public long create(String entryKey, byte[] value) {
            return write(entryKey, value, KeyValueEntry.Operation.PUT, new Expectation.Absent())
                    .revision();
        }

        @Override
        public long put(String entryKey, byte[] value) {
            return write(entryKey, value, KeyValueEntry.Operation.PUT, new Expectation.Any())
                    .revision();
        }

        @Override
        public long update(String entryKey, byte[] value, long expectedRevision) {
            if (expectedRevision < 1) {
                throw new IllegalArgumentException(
                        "expected revision must be at least 1 (use create for an absent key), was " + expectedRevision);
            }
            return write(entryKey, value, KeyValueEntry.Operation.PUT, new Expectation.AtRevision(expectedRevision))
                    .revision();
        }

        @Override
        public void delete(String entryKey) {
            write(entryKey, NO_VALUE, KeyValueEntry.Operation.DELETE, new Expectation.Present());
        }

        @Override
        public List<String> keys() {
            return selectKeys(null);
        }

        @Override
        public List<String> keys(String prefix) {
            return selectKeys(Names.requireKey(prefix));
        }

        @Override
        public Subscription watch(KeyValueWatcher watcher) {
            if (watcher == null) {
                throw new IllegalArgumentException("watcher must not be null");
            }
            WatchWorker worker;
            state.lock.lock();
            try {
                List<KeyValueEntry> current = database.inTransaction("watch bucket " + key, connection -> {
                    requireBucket(connection, key);
                    try (PreparedStatement select = connection.prepareStatement("SELECT entry_key, revision,"
                            + " entry_value FROM kv_entry WHERE organization = ? AND bucket = ? AND deleted = FALSE"
                            + " ORDER BY revision")) {
                        select.setString(1, key.organization());
                        select.setString(2, key.name());
                        List<KeyValueEntry> entries = new ArrayList<>();
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                entries.add(new KeyValueEntry(
                                        rows.getString(1),
                                        rows.getBytes(3),
                                        rows.getLong(2),
                                        KeyValueEntry.Operation.PUT));
                            }
                        }
                        return entries;
                    }
                });
                worker = new WatchWorker(key, state, current, watcher);
                state.watchers.add(worker);
                watchers.add(worker);
            } finally {
                state.lock.unlock();
            }
            worker.start();
            return worker;
        }

        @Override
        public String toString() {
            return "Bucket" + key;
        }

        private KeyValueEntry write(
                String entryKey, byte[] value, KeyValueEntry.Operation operation, Expectation expectation) {
            Names.requireKey(entryKey);
            byte[] checked = Names.requirePayload("value", value).clone();
            String action = (operation == KeyValueEntry.Operation.DELETE ? "delete" : "write") + " key '" + entryKey
                    + "' of bucket " + key;
            state.lock.lock();
            try {
                KeyValueEntry written = database.inTransaction(action, connection -> {
                    long revision = requireBucket(connection, key) + 1;
                    Optional<KeyValueEntry> latest = latest(connection, key, entryKey)
                            .filter(entry -> entry.operation() == KeyValueEntry.Operation.PUT);
                    switch (expectation) {
                        case Expectation.Any any -> {}
                        case Expectation.Present present -> {
                            if (latest.isEmpty()) {
                                return null;
                            }
                        }
                        case Expectation.Absent absent -> {
                            if (latest.isPresent()) {
                                throw new RevisionConflictException(
                                        key.name(),
                                        entryKey,
                                        0,
                                        "key '" + entryKey + "' already exists in bucket " + key + " at revision "
                                                + latest.get().revision());
                            }
                        }
                        case Expectation.AtRevision expected -> {
                            if (latest.isEmpty() || latest.get().revision() != expected.revision()) {
                                throw new RevisionConflictException(
                                        key.name(),
                                        entryKey,
                                        expected.revision(),
                                        "key '" + entryKey + "' of bucket " + key + " is "
                                                + latest.map(entry -> "at revision " + entry.revision())
                                                        .orElse("absent")
                                                + ", not at the expected revision " + expected.revision());
                            }
                        }
                    }
                    try (PreparedStatement merge = connection.prepareStatement("MERGE INTO kv_entry (organization,"
                                    + " bucket, entry_key, revision, deleted, entry_value)"
                                    + " KEY (organization, bucket, entry_key) VALUES (?, ?, ?, ?, ?, ?)");
                            PreparedStatement update = connection.prepareStatement(
                                    "UPDATE kv_bucket SET revision = ? WHERE organization = ? AND bucket = ?")) {
                        merge.setString(1, key.organization());
                        merge.setString(2, key.name());
                        merge.setString(3, entryKey);
                        merge.setLong(4, revision);
                        merge.setBoolean(5, operation == KeyValueEntry.Operation.DELETE);
                        merge.setBytes(6, checked);
                        merge.executeUpdate();
                        update.setLong(1, revision);
                        update.setString(2, key.organization());
                        update.setString(3, key.name());
                        update.executeUpdate();
                    }
                    return new KeyValueEntry(entryKey, checked, revision, operation);
                });
                if (written != null) {
                    state.watchers.forEach(watcher -> watcher.offer(written));
                }
                return written;
            } finally {
                state.lock.unlock();
            }
        }

        private List<String> selectKeys(String prefix) {
            return database.inTransaction("list the keys of bucket " + key, connection -> {
                requireBucket(connection, key);
                String sql = "SELECT entry_key FROM kv_entry WHERE organization = ? AND bucket = ? AND deleted = FALSE"
                        + (prefix == null ? "" : " AND (entry_key = ? OR entry_key LIKE ? ESCAPE '\\')")
                        + " ORDER BY entry_key";
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    select.setString(1, key.organization());
                    select.setString(2, key.name());
                    if (prefix != null) {
                        select.setString(3, prefix);
                        select.setString(4, escapeLike(prefix) + ".%");
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
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Delivers a snapshot, then the caught-up signal, then each write, to one watcher. */
    private final class WatchWorker extends Worker {
        /** What the queue holds: an entry, or (entry null) the caught-up signal or a wake-up. */
        private record Item(KeyValueEntry entry, boolean caughtUp) {}

        private final BucketKey key;
        private final BucketState state;
        private final KeyValueWatcher watcher;
        private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();

        WatchWorker(BucketKey key, BucketState state, List<KeyValueEntry> current, KeyValueWatcher watcher) {
            super("spine-watch-" + key.organization() + "-" + key.name());
            this.key = key;
            this.state = state;
            this.watcher = watcher;
            current.forEach(entry -> queue.add(new Item(entry, false)));
            queue.add(new Item(null, true));
        }

        void offer(KeyValueEntry entry) {
            queue.add(new Item(entry, false));
        }

        @Override
        void loop() throws InterruptedException {
            while (!isClosed()) {
                Item item = queue.take();
                if (isClosed()) {
                    return;
                }
                try {
                    if (item.entry() != null) {
                        watcher.onEntry(item.entry());
                    } else if (item.caughtUp()) {
                        watcher.onCaughtUp();
                    }
                } catch (RuntimeException e) {
                    LOGGER.warn(
                            "Key-value watcher failed organization={} bucket={}", key.organization(), key.name(), e);
                }
            }
        }

        @Override
        void wake() {
            queue.add(new Item(null, false));
        }

        @Override
        void afterClose() {
            state.watchers.remove(this);
            watchers.remove(this);
        }
    }
}
