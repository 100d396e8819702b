package io.openova.catalyst.spine.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.nats.client.support.NatsJetStreamConstants;
import io.openova.catalyst.spine.KeyValueBucket;
import io.openova.catalyst.spine.KeyValueEntry;
import io.openova.catalyst.spine.KeyValueStore;
import io.openova.catalyst.spine.Names;
import io.openova.catalyst.spine.RevisionConflictException;
import io.openova.catalyst.spine.SpineException;
import io.openova.catalyst.spine.Subscription;
import io.openova.catalyst.spine.jetstream.JetStreamConnections.OrganizationConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NATS JetStream {@link KeyValueStore}: each bucket is a JetStream KV bucket in its Organization's account (stream
 * {@code KV_<bucket>}), created on first use with file storage, one value per key (history 1) and the configured
 * {@link BucketSettings}. Revisions are the bucket stream's sequences; revision-checked writes use JetStream's
 * expected-last-subject-sequence, and watches are ordered push consumers delivering the last entry per key, then
 * every change.
 *
 * <p>The adapter never closes the {@link JetStreamConnections} it was given.
 */
public final class JetStreamKeyValueStore implements KeyValueStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(JetStreamKeyValueStore.class);

    private static final int STREAM_NOT_FOUND = 10059;

    private final JetStreamConnections connections;
    private final BucketSettings settings;
    private final Set<WatchSubscription> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** A store with {@link BucketSettings#defaults()}. */
    public JetStreamKeyValueStore(JetStreamConnections connections) {
        this(connections, BucketSettings.defaults());
    }

    public JetStreamKeyValueStore(JetStreamConnections connections, BucketSettings settings) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public KeyValueBucket bucket(String organization, String name) {
        Names.requireOrganization(organization);
        Names.requireBucket(name);
        OrganizationConnection connection = connection(organization, name);
        String action = "open bucket '" + name + "' of '" + organization + "'";
        try {
            try {
                connection.keyValueManagement().getStatus(name);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                    throw e;
                }
                connection
                        .keyValueManagement()
                        .create(KeyValueConfiguration.builder()
                                .name(name)
                                .maxHistoryPerKey(1)
                                .storageType(StorageType.File)
                                .maxBucketSize(settings.maxBytes())
                                .maximumValueSize(Names.MAX_PAYLOAD_BYTES)
                                .replicas(settings.replicas())
                                .build());
                LOGGER.info("Created key-value bucket organization={} bucket={}", organization, name);
            }
            return new NatsBucket(
                    organization, name, connection.connection().keyValue(name, connection.keyValueOptions()));
        } catch (IOException | JetStreamApiException e) {
            throw JetStreamConnections.failure(action, e);
        }
    }

    @Override
    public boolean deleteBucket(String organization, String name) {
        Names.requireOrganization(organization);
        Names.requireBucket(name);
        OrganizationConnection connection = connection(organization, name);
        try {
            connection.keyValueManagement().delete(name);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return false;
            }
            throw JetStreamConnections.failure("delete bucket '" + name + "' of '" + organization + "'", e);
        } catch (IOException e) {
            throw JetStreamConnections.failure("delete bucket '" + name + "' of '" + organization + "'", e);
        }
    }

    /** Stops every watch of this adapter; the connections stay open. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(watches).forEach(WatchSubscription::close);
    }

    @Override
    public String toString() {
        return "JetStreamKeyValueStore[" + connections + ", " + settings + "]";
    }

    private OrganizationConnection connection(String organization, String bucket) {
        if (closed) {
            throw new SpineException(
                    "cannot use bucket '" + bucket + "' of '" + organization + "': the key-value store is closed");
        }
        return connections.forOrganization(organization);
    }

    private static KeyValueEntry toEntry(io.nats.client.api.KeyValueEntry entry) {
        boolean deleted = entry.getOperation() != KeyValueOperation.PUT;
        byte[] value = deleted || entry.getValue() == null ? new byte[0] : entry.getValue();
        return new KeyValueEntry(
                entry.getKey(),
                value,
                entry.getRevision(),
                deleted ? KeyValueEntry.Operation.DELETE : KeyValueEntry.Operation.PUT);
    }

    private final class NatsBucket implements KeyValueBucket {
        private final String organization;
        private final String name;
        private final KeyValue keyValue;

        NatsBucket(String organization, String name, KeyValue keyValue) {
            this.organization = organization;
            this.name = name;
            this.keyValue = keyValue;
        }

        @Override
        public String organization() {
            return organization;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<KeyValueEntry> get(String key) {
            Names.requireKey(key);
            ensureOpen();
            try {
                return Optional.ofNullable(keyValue.get(key)).map(JetStreamKeyValueStore::toEntry);
            } catch (IOException | JetStreamApiException e) {
                throw JetStreamConnections.failure("read key '" + key + "' of " + this, e);
            }
        }

        @Override
        public long create(String key, byte[] value) {
            Names.requireKey(key);
            Names.requirePayload("value", value);
            ensureOpen();
            try {
                return keyValue.create(key, value);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE) {
                    throw new RevisionConflictException(name, key, 0, "key '" + key + "' already exists in " + this);
                }
                throw JetStreamConnections.failure("create key '" + key + "' of " + this, e);
            } catch (IOException e) {
                throw JetStreamConnections.failure("create key '" + key + "' of " + this, e);
            }
        }

        @Override
        public long put(String key, byte[] value) {
            Names.requireKey(key);
            Names.requirePayload("value", value);
            ensureOpen();
            try {
                return keyValue.put(key, value);
            } catch (IOException | JetStreamApiException e) {
                throw JetStreamConnections.failure("write key '" + key + "' of " + this, e);
            }
        }

        @Override
        public long update(String key, byte[] value, long expectedRevision) {
            Names.requireKey(key);
            Names.requirePayload("value", value);
            if (expectedRevision < 1) {
                throw new IllegalArgumentException(
                        "expected revision must be at least 1 (use create for an absent key), was " + expectedRevision);
            }
            ensureOpen();
            try {
                return keyValue.update(key, value, expectedRevision);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == NatsJetStreamConstants.JS_WRONG_LAST_SEQUENCE) {
                    throw new RevisionConflictException(
                            name,
                            key,
                            expectedRevision,
                            "key '" + key + "' of " + this + " is not at the expected revision " + expectedRevision
                                    + ": " + e.getErrorDescription());
                }
                throw JetStreamConnections.failure("update key '" + key + "' of " + this, e);
            } catch (IOException e) {
                throw JetStreamConnections.failure("update key '" + key + "' of " + this, e);
            }
        }

        @Override
        public void delete(String key) {
            Names.requireKey(key);
            ensureOpen();
            try {
                if (keyValue.get(key) != null) {
                    keyValue.delete(key);
                }
            } catch (IOException | JetStreamApiException e) {
                throw JetStreamConnections.failure("delete key '" + key + "' of " + this, e);
            }
        }

        @Override
        public List<String> keys() {
            ensureOpen();
            try {
                return sorted(keyValue.keys());
            } catch (IOException | JetStreamApiException | InterruptedException e) {
                throw JetStreamConnections.failure("list the keys of " + this, e);
            }
        }

        @Override
        public List<String> keys(String prefix) {
            Names.requireKey(prefix);
            ensureOpen();
            try {
                List<String> keys = new ArrayList<>(keyValue.keys(prefix + ".>"));
                if (keyValue.get(prefix) != null) {
                    keys.add(prefix);
                }
                return sorted(keys);
            } catch (IOException | JetStreamApiException | InterruptedException e) {
                throw JetStreamConnections.failure("list the keys under '" + prefix + "' of " + this, e);
            }
        }

        @Override
        public Subscription watch(io.openova.catalyst.spine.KeyValueWatcher watcher) {
            if (watcher == null) {
                throw new IllegalArgumentException("watcher must not be null");
            }
            ensureOpen();
            WatchAdapter adapter = new WatchAdapter(organization, name, watcher);
            try {
                WatchSubscription subscription = new WatchSubscription(keyValue.watchAll(adapter));
                watches.add(subscription);
                return subscription;
            } catch (IOException | JetStreamApiException | InterruptedException e) {
                throw JetStreamConnections.failure("watch " + this, e);
            }
        }

        @Override
        public String toString() {
            return "bucket '" + name + "' of '" + organization + "'";
        }

        private void ensureOpen() {
            if (closed) {
                throw new SpineException("cannot use " + this + ": the key-value store is closed");
            }
        }

        private static List<String> sorted(List<String> keys) {
            return keys.stream().sorted().distinct().toList();
        }
    }

    /**
     * Turns a JetStream watch into the port's: among the initial entries, tombstones of keys the watcher has not seen
     * are left out (the key was gone before the watch started), the caught-up signal is sent once, and calls are
     * serialized, because the client may signal the end of the initial data from the subscribing thread.
     */
    private static final class WatchAdapter implements KeyValueWatcher {
        private final String organization;
        private final String bucket;
        private final io.openova.catalyst.spine.KeyValueWatcher watcher;
        private final Set<String> seenBeforeCaughtUp = new HashSet<>();
        private boolean caughtUp;

        WatchAdapter(String organization, String bucket, io.openova.catalyst.spine.KeyValueWatcher watcher) {
            this.organization = organization;
            this.bucket = bucket;
            this.watcher = watcher;
        }

        @Override
        public synchronized void watch(io.nats.client.api.KeyValueEntry entry) {
            KeyValueEntry converted = toEntry(entry);
            if (!caughtUp) {
                if (converted.operation() == KeyValueEntry.Operation.DELETE
                        && !seenBeforeCaughtUp.contains(converted.key())) {
                    return;
                }
                seenBeforeCaughtUp.add(converted.key());
            }
            try {
                watcher.onEntry(converted);
            } catch (RuntimeException e) {
                LOGGER.warn("Key-value watcher failed organization={} bucket={}", organization, bucket, e);
            }
        }

        @Override
        public synchronized void endOfData() {
            if (caughtUp) {
                return;
            }
            caughtUp = true;
            seenBeforeCaughtUp.clear();
            try {
                watcher.onCaughtUp();
            } catch (RuntimeException e) {
                LOGGER.warn("Key-value watcher failed organization={} bucket={}", organization, bucket, e);
            }
        }
    }

    private final class WatchSubscription implements Subscription {
        private final NatsKeyValueWatchSubscription subscription;
        private boolean stopped;

        WatchSubscription(NatsKeyValueWatchSubscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
            }
            watches.remove(this);
            subscription.unsubscribe();
        }
    }
}
