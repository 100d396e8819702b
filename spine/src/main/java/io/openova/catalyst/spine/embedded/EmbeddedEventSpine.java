package io.openova.catalyst.spine.embedded;

import io.openova.catalyst.spine.Delivery;
import io.openova.catalyst.spine.DeliveryHandler;
import io.openova.catalyst.spine.DurableConsumer;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.MessageListener;
import io.openova.catalyst.spine.Names;
import io.openova.catalyst.spine.PublishAck;
import io.openova.catalyst.spine.SpineException;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.Subjects;
import io.openova.catalyst.spine.Subscription;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link EventSpine}: an H2 database at {@code <dataDir>/spine-events.mv.db}.
 *
 * <p>Table {@code spine_message} holds every message, keyed by Organization and sequence; table
 * {@code spine_consumer} holds each durable consumer's filter, ack wait and the last sequence it acknowledged. Nothing
 * else is kept, so closing and reopening the same directory loses nothing and delivers nothing twice that was
 * acknowledged. Messages are kept forever (JetStream's age and size limits do not apply here).
 *
 * <p><b>Sequences.</b> Publishes to one Organization are serialized, and a sequence is handed out inside the
 * transaction that stores the message, so sequences are gapless and unique however many threads publish. H2's file
 * lock keeps other processes out of the directory.
 *
 * <p><b>Dedupe window.</b> A dedupe id published again within the window ({@link #DEFAULT_DEDUPE_WINDOW}, 7 days,
 * unless given) is a duplicate, measured from its first publish, across restarts. Later it is published as a new
 * message, as JetStream does once its duplicate window has passed.
 *
 * <p><b>Durable consumers.</b> Each open subscription has a virtual thread that delivers one message at a time and
 * waits for its acknowledgement, a nak or the ack wait. The delivery count is kept in memory, so it starts at 1 again
 * after a restart. One subscription per consumer at a time in this process.
 *
 * <p>Open one spine per data directory and share it: it is thread-safe.
 */
public final class EmbeddedEventSpine implements EventSpine {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedEventSpine.class);

    /** How long a dedupe id is remembered unless another window is given. */
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofDays(7);

    static final String DATABASE_NAME = "spine-events";
    static final String DATABASE_FILE = DATABASE_NAME + ".mv.db";

    /** Messages a follow reads per query. */
    private static final int FOLLOW_BATCH = 256;
    /** How long a subscription waits before retrying after the database failed. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How many messages a durable consumer reads ahead in one query. */
    private static final int PREFETCH = 64;
    /** At most this many publishes go into one transaction. */
    private static final int MAX_BATCH = 64;

    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS spine_message (
          organization VARCHAR(63) NOT NULL,
          seq BIGINT NOT NULL,
          subject VARCHAR(%d) NOT NULL,
          dedupe_id VARCHAR(%d) NOT NULL,
          header_names VARCHAR(%d) ARRAY[%d] NOT NULL,
          header_values VARCHAR(%d) ARRAY[%d] NOT NULL,
          payload VARBINARY(%d) NOT NULL,
          published TIMESTAMP(9) WITH TIME ZONE NOT NULL,
          PRIMARY KEY (organization, seq)
        )""".formatted(
                        Subjects.MAX_LENGTH,
                        Names.MAX_DEDUPE_ID_LENGTH,
                        Names.MAX_HEADER_NAME_LENGTH,
                        Names.MAX_HEADERS,
                        Names.MAX_HEADER_VALUE_LENGTH,
                        Names.MAX_HEADERS,
                        Names.MAX_PAYLOAD_BYTES),
        "CREATE INDEX IF NOT EXISTS spine_message_dedupe ON spine_message (organization, dedupe_id)",
        """
        CREATE TABLE IF NOT EXISTS spine_consumer (
          organization VARCHAR(63) NOT NULL,
          name VARCHAR(63) NOT NULL,
          filter VARCHAR(%d) NOT NULL,
          ack_wait_millis BIGINT NOT NULL,
          acked_seq BIGINT NOT NULL,
          PRIMARY KEY (organization, name)
        )""".formatted(Subjects.MAX_LENGTH)
    };

    private static final String SELECT_MESSAGES =
            "SELECT seq, subject, dedupe_id, header_names, header_values, payload, published FROM spine_message"
                    + " WHERE organization = ? AND seq > ? AND seq <= ?";

    private final H2Database database;
    private final Duration dedupeWindow;
    private final Clock clock;
    private final ConcurrentMap<String, Stream> streams = new ConcurrentHashMap<>();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<ConsumerKey, ConsumerWorker> activeConsumers = new ConcurrentHashMap<>();
    /** Serializes subscribing to and deleting durable consumers. */
    private final ReentrantLock consumersLock = new ReentrantLock();

    /** Opens the spine in {@code dataDir} with the default dedupe window and the system clock. */
    public EmbeddedEventSpine(Path dataDir) {
        this(dataDir, DEFAULT_DEDUPE_WINDOW, Clock.systemUTC());
    }

    /**
     * Opens the spine in {@code dataDir}, creating the directory and the database on first start.
     *
     * @param dedupeWindow how long a dedupe id is remembered, positive
     * @param clock stamps messages and measures the dedupe window
     */
    public EmbeddedEventSpine(Path dataDir, Duration dedupeWindow, Clock clock) {
        this(openFile(dataDir), dedupeWindow, clock);
    }

    private EmbeddedEventSpine(H2Database database, Duration dedupeWindow, Clock clock) {
        if (dedupeWindow == null || dedupeWindow.isNegative() || dedupeWindow.isZero()) {
            database.close();
            throw new IllegalArgumentException("dedupe window must be a positive duration, was " + dedupeWindow);
        }
        this.database = database;
        this.dedupeWindow = dedupeWindow;
        this.clock = clock;
        LOGGER.debug("Event spine opened database={}", database.location());
    }

    /** A spine in memory, gone when closed: for tests of code that uses the spine. */
    public static EmbeddedEventSpine inMemory() {
        return new EmbeddedEventSpine(
                H2Database.memory(DATABASE_NAME, "event spine", SCHEMA), DEFAULT_DEDUPE_WINDOW, Clock.systemUTC());
    }

    private static H2Database openFile(Path dataDir) {
        return H2Database.file(dataDir, DATABASE_NAME, "event spine", SCHEMA);
    }

    static String jdbcUrl(Path dataDir) {
        return H2Database.jdbcUrl(dataDir, DATABASE_NAME);
    }

    @Override
    public PublishAck publish(String subject, String dedupeId, Map<String, String> headers, byte[] payload) {
        String organization = Subjects.requireSubject(subject);
        Names.requireDedupeId(dedupeId);
        SortedMap<String, String> checkedHeaders = Names.requireHeaders(headers);
        byte[] body = Names.requirePayload("payload", payload).clone();
        Stream stream = stream(organization);
        Pending mine = new Pending(subject, dedupeId, checkedHeaders, body);
        stream.pending.add(mine);
        stream.publishLock.lock();
        try {
            while (!mine.done) {
                List<Pending> batch = new ArrayList<>();
                for (Pending next; batch.size() < MAX_BATCH && (next = stream.pending.poll()) != null; ) {
                    batch.add(next);
                }
                append(stream, organization, batch);
            }
        } finally {
            stream.publishLock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.ack;
    }

    /**
     * Group commit: the publisher holding a stream's lock writes every publish queued behind it in one transaction
     * (the file is written once per commit, see {@link H2Database#jdbcUrl}), and each publisher returns its own ack;
     * a transaction that fails fails every publish in it, and none of them is stored.
     */
    private void append(Stream stream, String organization, List<Pending> batch) {
        Instant now = clock.instant();
        try {
            List<PublishAck> acks = database.inTransaction(
                    "publish " + batch.size() + " message(s) to the stream of '" + organization + "'", connection -> {
                        List<PublishAck> out = new ArrayList<>();
                        Map<String, Long> inBatch = new HashMap<>();
                        long last = stream.last;
                        for (Pending each : batch) {
                            Long sameBatch = inBatch.get(each.dedupeId);
                            Optional<Long> first = sameBatch != null
                                    ? Optional.of(sameBatch)
                                    : firstWithDedupeId(
                                            connection, organization, each.dedupeId, now.minus(dedupeWindow));
                            if (first.isPresent()) {
                                out.add(new PublishAck(organization, first.get(), true));
                                continue;
                            }
                            last++;
                            insert(
                                    connection,
                                    organization,
                                    last,
                                    each.subject,
                                    each.dedupeId,
                                    each.headers,
                                    each.payload,
                                    now);
                            inBatch.put(each.dedupeId, last);
                            out.add(new PublishAck(organization, last, false));
                        }
                        return out;
                    });
            long appended = stream.last;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).ack = acks.get(i);
                if (!acks.get(i).duplicate()) {
                    appended = Math.max(appended, acks.get(i).sequence());
                }
            }
            if (appended > stream.last) {
                stream.appended(appended);
            }
        } catch (RuntimeException e) {
            batch.forEach(each -> each.failure = e);
        } finally {
            batch.forEach(each -> each.done = true);
        }
    }

    /** A publish queued for the writer of its stream; its fields are written and read under the stream's lock. */
    private static final class Pending {
        final String subject;
        final String dedupeId;
        final SortedMap<String, String> headers;
        final byte[] payload;
        PublishAck ack;
        RuntimeException failure;
        boolean done;

        Pending(String subject, String dedupeId, SortedMap<String, String> headers, byte[] payload) {
            this.subject = subject;
            this.dedupeId = dedupeId;
            this.headers = headers;
            this.payload = payload;
        }
    }

    @Override
    public List<SpineMessage> read(String organization, long afterSequence, String filter, int max) {
        Subjects.requireFilter(organization, filter);
        requireAfterSequence(afterSequence);
        if (max < 1 || max > MAX_READ) {
            throw new IllegalArgumentException("max must be between 1 and " + MAX_READ + ", was " + max);
        }
        Stream stream = stream(organization);
        long head = stream.last;
        return database.inTransaction(
                "read the stream of '" + organization + "'",
                connection -> select(connection, organization, afterSequence, head, filter, max));
    }

    @Override
    public long lastSequence(String organization) {
        Names.requireOrganization(organization);
        return stream(organization).last;
    }

    @Override
    public Subscription subscribe(DurableConsumer consumer, DeliveryHandler handler) {
        if (consumer == null || handler == null) {
            throw new IllegalArgumentException("consumer and handler must not be null");
        }
        ConsumerKey key = new ConsumerKey(consumer.organization(), consumer.name());
        Stream stream = stream(consumer.organization());
        ConsumerWorker worker;
        consumersLock.lock();
        try {
            if (activeConsumers.containsKey(key)) {
                throw new IllegalStateException("durable consumer '" + consumer.name() + "' of organization '"
                        + consumer.organization() + "' already has a subscriber in this process: close it first");
            }
            long acked = database.inTransaction(
                    "create durable consumer '" + consumer.name() + "' of '" + consumer.organization() + "'",
                    connection -> createOrUpdateConsumer(connection, consumer));
            worker = new ConsumerWorker(consumer, handler, stream, acked);
            activeConsumers.put(key, worker);
            workers.add(worker);
        } finally {
            consumersLock.unlock();
        }
        worker.start();
        return worker;
    }

    @Override
    public boolean deleteConsumer(String organization, String name) {
        Names.requireOrganization(organization);
        Names.requireConsumerName(name);
        consumersLock.lock();
        try {
            ConsumerWorker active = activeConsumers.get(new ConsumerKey(organization, name));
            if (active != null) {
                active.close();
            }
            return database.inTransaction(
                    "delete durable consumer '" + name + "' of '" + organization + "'", connection -> {
                        try (PreparedStatement delete = connection.prepareStatement(
                                "DELETE FROM spine_consumer WHERE organization = ? AND name = ?")) {
                            delete.setString(1, organization);
                            delete.setString(2, name);
                            return delete.executeUpdate() > 0;
                        }
                    });
        } finally {
            consumersLock.unlock();
        }
    }

    @Override
    public Subscription follow(String organization, long afterSequence, String filter, MessageListener listener) {
        Subjects.requireFilter(organization, filter);
        requireAfterSequence(afterSequence);
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        FollowWorker worker = new FollowWorker(stream(organization), afterSequence, filter, listener);
        workers.add(worker);
        worker.start();
        return worker;
    }

    /** Stops every subscription, then closes the database. */
    @Override
    public void close() {
        if (database.isClosed()) {
            return;
        }
        List.copyOf(workers).forEach(Worker::close);
        database.close();
        LOGGER.debug("Event spine closed database={}", database.location());
    }

    @Override
    public String toString() {
        return "EmbeddedEventSpine[database=" + database.location() + "]";
    }

    private static void requireAfterSequence(long afterSequence) {
        if (afterSequence < 0) {
            throw new IllegalArgumentException("after sequence must not be negative, was " + afterSequence);
        }
    }

    private Stream stream(String organization) {
        if (database.isClosed()) {
            throw new SpineException("cannot use the stream of '" + organization + "': the event spine is closed");
        }
        return streams.computeIfAbsent(
                organization,
                org -> new Stream(database.inTransaction("read the last sequence of '" + org + "'", connection -> {
                    try (PreparedStatement select = connection.prepareStatement(
                            "SELECT COALESCE(MAX(seq), 0) FROM spine_message WHERE organization = ?")) {
                        select.setString(1, org);
                        try (ResultSet rows = select.executeQuery()) {
                            rows.next();
                            return rows.getLong(1);
                        }
                    }
                })));
    }

    private static Optional<Long> firstWithDedupeId(
            Connection connection, String organization, String dedupeId, Instant windowStart) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM spine_message"
                + " WHERE organization = ? AND dedupe_id = ? AND published > ? ORDER BY seq LIMIT 1")) {
            select.setString(1, organization);
            select.setString(2, dedupeId);
            select.setObject(3, windowStart.atOffset(ZoneOffset.UTC));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void insert(
            Connection connection,
            String organization,
            long sequence,
            String subject,
            String dedupeId,
            SortedMap<String, String> headers,
            byte[] payload,
            Instant published)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO spine_message (organization, seq,"
                        + " subject, dedupe_id, header_names, header_values, payload, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, organization);
            insert.setLong(2, sequence);
            insert.setString(3, subject);
            insert.setString(4, dedupeId);
            insert.setArray(
                    5, connection.createArrayOf("VARCHAR", headers.keySet().toArray()));
            insert.setArray(
                    6, connection.createArrayOf("VARCHAR", headers.values().toArray()));
            insert.setBytes(7, payload);
            insert.setObject(8, published.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /** Messages with {@code after < seq <= upTo} matching {@code filter}, in order, at most {@code max}. */
    private static List<SpineMessage> select(
            Connection connection, String organization, long after, long upTo, String filter, int max)
            throws SQLException {
        boolean everything = filter.equals(Subjects.all(organization));
        String sql = SELECT_MESSAGES + (everything ? "" : " AND REGEXP_LIKE(subject, ?)") + " ORDER BY seq LIMIT ?";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int index = 1;
            select.setString(index++, organization);
            select.setLong(index++, after);
            select.setLong(index++, upTo);
            if (!everything) {
                select.setString(index++, Subjects.toRegex(filter));
            }
            select.setInt(index, max);
            List<SpineMessage> messages = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    messages.add(message(rows));
                }
            }
            return messages;
        }
    }

    private static SpineMessage message(ResultSet rows) throws SQLException {
        Object[] names = (Object[]) rows.getArray(4).getArray();
        Object[] values = (Object[]) rows.getArray(5).getArray();
        SortedMap<String, String> headers = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            headers.put((String) names[i], (String) values[i]);
        }
        return new SpineMessage(
                rows.getString(2),
                rows.getLong(1),
                rows.getString(3),
                headers,
                rows.getBytes(6),
                rows.getObject(7, OffsetDateTime.class).toInstant());
    }

    /** Creates the consumer or updates its ack wait, and returns the last sequence it acknowledged. */
    private static long createOrUpdateConsumer(Connection connection, DurableConsumer consumer) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT filter, acked_seq FROM spine_consumer WHERE organization = ? AND name = ? FOR UPDATE")) {
            select.setString(1, consumer.organization());
            select.setString(2, consumer.name());
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    String filter = rows.getString(1);
                    if (!filter.equals(consumer.filter())) {
                        throw new IllegalStateException(
                                "durable consumer '" + consumer.name() + "' of organization '" + consumer.organization()
                                        + "' exists with filter '" + filter + "', not '" + consumer.filter()
                                        + "': delete the consumer to change its filter");
                    }
                    long acked = rows.getLong(2);
                    try (PreparedStatement update = connection.prepareStatement(
                            "UPDATE spine_consumer" + " SET ack_wait_millis = ? WHERE organization = ? AND name = ?")) {
                        update.setLong(1, consumer.ackWait().toMillis());
                        update.setString(2, consumer.organization());
                        update.setString(3, consumer.name());
                        update.executeUpdate();
                    }
                    return acked;
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO spine_consumer"
                + " (organization, name, filter, ack_wait_millis, acked_seq) VALUES (?, ?, ?, ?, 0)")) {
            insert.setString(1, consumer.organization());
            insert.setString(2, consumer.name());
            insert.setString(3, consumer.filter());
            insert.setLong(4, consumer.ackWait().toMillis());
            insert.executeUpdate();
        }
        return 0;
    }

    private record ConsumerKey(String organization, String name) {}

    /** One Organization's stream: its last sequence, the lock publishers take, and a signal for waiting readers. */
    private static final class Stream {
        final ReentrantLock publishLock = new ReentrantLock();
        /** Publishes waiting for {@link #publishLock}, written by whoever holds it. */
        final Queue<Pending> pending = new ConcurrentLinkedQueue<>();

        private final ReentrantLock signalLock = new ReentrantLock();
        private final Condition appended = signalLock.newCondition();
        volatile long last;

        Stream(long last) {
            this.last = last;
        }

        void appended(long sequence) {
            signalLock.lock();
            try {
                last = sequence;
                appended.signalAll();
            } finally {
                signalLock.unlock();
            }
        }

        void wake() {
            signalLock.lock();
            try {
                appended.signalAll();
            } finally {
                signalLock.unlock();
            }
        }

        /** Waits until the stream goes past {@code sequence}, {@code stop} holds, or {@code nanos} have passed. */
        void awaitPast(long sequence, BooleanSupplier stop, long nanos) throws InterruptedException {
            signalLock.lock();
            try {
                long remaining = nanos;
                while (last <= sequence && !stop.getAsBoolean() && remaining > 0) {
                    remaining = appended.awaitNanos(remaining);
                }
            } finally {
                signalLock.unlock();
            }
        }
    }

    /** Delivers the messages of one durable consumer, one at a time. */
    private final class ConsumerWorker extends Worker {
        private final DurableConsumer consumer;
        private final DeliveryHandler handler;
        private final Stream stream;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        /** The last sequence acknowledged (guarded by {@code lock}). */
        private long acked;
        /** The delivery now in flight, and whether it was refused (guarded by {@code lock}). */
        private long currentDelivery;

        private boolean naked;

        ConsumerWorker(DurableConsumer consumer, DeliveryHandler handler, Stream stream, long acked) {
            super("spine-consumer-" + consumer.organization() + "-" + consumer.name());
            this.consumer = consumer;
            this.handler = handler;
            this.stream = stream;
            this.acked = acked;
        }

        /**
         * Delivers one message at a time, each only after the one before was acknowledged, but reads up to
         * {@value #PREFETCH} at once: the read-ahead is dropped whenever a message goes unacknowledged, so the next
         * read starts again right after the last acknowledged one.
         */
        @Override
        void loop() throws InterruptedException {
            long lastSequence = 0;
            long count = 0;
            Deque<SpineMessage> ahead = new ArrayDeque<>();
            while (!isClosed()) {
                long floor;
                lock.lock();
                try {
                    floor = acked;
                } finally {
                    lock.unlock();
                }
                if (!ahead.isEmpty() && ahead.peekFirst().sequence() <= floor) {
                    ahead.clear();
                }
                long head = stream.last;
                Optional<SpineMessage> next;
                try {
                    if (ahead.isEmpty()) {
                        ahead.addAll(database.inTransaction(
                                "read for durable consumer '" + consumer.name() + "'",
                                connection -> select(
                                        connection,
                                        consumer.organization(),
                                        floor,
                                        head,
                                        consumer.filter(),
                                        PREFETCH)));
                    }
                    next = Optional.ofNullable(ahead.pollFirst());
                } catch (SpineException e) {
                    if (!isClosed()) {
                        LOGGER.warn(
                                "Durable consumer cannot read organization={} consumer={}: retrying",
                                consumer.organization(),
                                consumer.name(),
                                e);
                        stream.awaitPast(Long.MAX_VALUE, this::isClosed, RETRY_NANOS);
                    }
                    continue;
                }
                if (next.isEmpty()) {
                    stream.awaitPast(head, this::isClosed, Long.MAX_VALUE);
                    continue;
                }
                SpineMessage message = next.get();
                count = message.sequence() == lastSequence ? count + 1 : 1;
                lastSequence = message.sequence();
                if (!deliver(message, count)) {
                    ahead.clear();
                }
            }
        }

        /** Whether {@code message} was acknowledged (rather than refused, or left to its ack wait). */
        private boolean deliver(SpineMessage message, long count) throws InterruptedException {
            long delivery;
            lock.lock();
            try {
                delivery = ++currentDelivery;
                naked = false;
            } finally {
                lock.unlock();
            }
            long deadline = System.nanoTime() + consumer.ackWait().toNanos();
            try {
                handler.onDelivery(new LocalDelivery(this, message, count, delivery));
            } catch (Exception e) {
                LOGGER.warn(
                        "Durable consumer handler failed organization={} consumer={} sequence={}: redelivering"
                                + " after the ack wait",
                        consumer.organization(),
                        consumer.name(),
                        message.sequence(),
                        e);
            }
            lock.lock();
            try {
                while (!isClosed() && acked < message.sequence() && !naked) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    changed.awaitNanos(remaining);
                }
                return acked >= message.sequence();
            } finally {
                lock.unlock();
            }
        }

        void ack(long sequence) {
            database.inTransaction(
                    "acknowledge message " + sequence + " for durable consumer '" + consumer.name() + "' of '"
                            + consumer.organization() + "'",
                    connection -> {
                        try (PreparedStatement update = connection.prepareStatement("UPDATE spine_consumer"
                                + " SET acked_seq = ? WHERE organization = ? AND name = ? AND acked_seq < ?")) {
                            update.setLong(1, sequence);
                            update.setString(2, consumer.organization());
                            update.setString(3, consumer.name());
                            update.setLong(4, sequence);
                            return update.executeUpdate();
                        }
                    });
            lock.lock();
            try {
                acked = Math.max(acked, sequence);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void nak(long delivery) {
            lock.lock();
            try {
                if (delivery == currentDelivery) {
                    naked = true;
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        void wake() {
            stream.wake();
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        void afterClose() {
            activeConsumers.remove(new ConsumerKey(consumer.organization(), consumer.name()), this);
            workers.remove(this);
        }
    }

    private record LocalDelivery(ConsumerWorker worker, SpineMessage message, long deliveryCount, long delivery)
            implements Delivery {

        @Override
        public void ack() {
            worker.ack(message.sequence());
        }

        @Override
        public void nak() {
            worker.nak(delivery);
        }
    }

    /** Delivers the stored, then the new messages of a stream to a listener. */
    private final class FollowWorker extends Worker {
        private final Stream stream;
        private final String organization;
        private final String filter;
        private final MessageListener listener;
        /** Every message up to here was delivered or did not match. */
        private long scanned;

        FollowWorker(Stream stream, long afterSequence, String filter, MessageListener listener) {
            super("spine-follow-" + filter);
            this.stream = stream;
            this.organization = filter.split("\\.")[1];
            this.filter = filter;
            this.listener = listener;
            this.scanned = afterSequence;
        }

        @Override
        void loop() throws InterruptedException {
            while (!isClosed()) {
                long head = stream.last;
                if (head <= scanned) {
                    stream.awaitPast(scanned, this::isClosed, Long.MAX_VALUE);
                    continue;
                }
                long from = scanned;
                List<SpineMessage> batch;
                try {
                    batch = database.inTransaction(
                            "follow the stream of '" + organization + "'",
                            connection -> select(connection, organization, from, head, filter, FOLLOW_BATCH));
                } catch (SpineException e) {
                    if (!isClosed()) {
                        LOGGER.warn("Follow cannot read organization={} filter={}: retrying", organization, filter, e);
                        stream.awaitPast(Long.MAX_VALUE, this::isClosed, RETRY_NANOS);
                    }
                    continue;
                }
                for (SpineMessage message : batch) {
                    if (isClosed()) {
                        return;
                    }
                    try {
                        listener.onMessage(message);
                    } catch (RuntimeException e) {
                        LOGGER.warn(
                                "Follow listener failed organization={} filter={} sequence={}",
                                organization,
                                filter,
                                message.sequence(),
                                e);
                    }
                }
                scanned = batch.size() < FOLLOW_BATCH ? head : batch.getLast().sequence();
            }
        }

        @Override
        void wake() {
            stream.wake();
        }

        @Override
        void afterClose() {
            workers.remove(this);
        }
    }
}
