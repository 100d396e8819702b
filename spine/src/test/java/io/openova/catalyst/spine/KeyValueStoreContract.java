package io.openova.catalyst.spine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link KeyValueStore} adapter shares; each adapter's test extends this class. Tests use the
 * Organizations {@code acme} and {@code globex}, which have no buckets when a test starts.
 */
public abstract class KeyValueStoreContract {

    protected static final String ACME = "acme";
    protected static final String GLOBEX = "globex";
    protected static final String BUCKET = "read-models";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /**
     * A new adapter instance on this test's storage: empty on the first call of a test, holding what earlier instances
     * of the same test stored on later calls. The subclass closes whatever is still open after the test.
     */
    protected abstract KeyValueStore openStore();

    /** Stops {@code store} the way a process stop would: the next {@link #openStore()} is a restart. */
    protected abstract void stop(KeyValueStore store);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<String> value(KeyValueBucket bucket, String key) {
        return bucket.get(key).map(entry -> new String(entry.value(), StandardCharsets.UTF_8));
    }

    /** Records what a watch sees, one line per call. */
    private static final class WatchRecorder implements KeyValueWatcher {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEntry(KeyValueEntry entry) {
            events.add(entry.operation() + " " + entry.key() + "=" + new String(entry.value(), StandardCharsets.UTF_8)
                    + " @" + entry.revision());
        }

        @Override
        public void onCaughtUp() {
            events.add("caught up");
        }
    }

    @Test
    void shouldReturnValueAndRevisionWhenAKeyWasPut() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        long revision = bucket.put("dev.applications.db", bytes("{\"phase\":\"Ready\"}"));

        // When
        Optional<KeyValueEntry> entry = bucket.get("dev.applications.db");

        // Then
        assertThat(entry)
                .contains(new KeyValueEntry(
                        "dev.applications.db", bytes("{\"phase\":\"Ready\"}"), revision, KeyValueEntry.Operation.PUT));
        assertThat(revision).isEqualTo(1);
    }

    @Test
    void shouldReturnEmptyWhenAKeyWasNeverWritten() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        bucket.put("dev.web", bytes("1"));

        // When
        Optional<KeyValueEntry> entry = bucket.get("dev.db");

        // Then
        assertThat(entry).isEmpty();
    }

    @Test
    void shouldGiveEveryWriteToTheBucketAHigherRevision() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);

        // When
        long first = bucket.put("a", bytes("1"));
        long second = bucket.put("b", bytes("2"));
        long third = bucket.put("a", bytes("3"));

        // Then
        assertThat(List.of(first, second, third)).containsExactly(1L, 2L, 3L);
        assertThat(bucket.get("a")).map(KeyValueEntry::revision).contains(3L);
    }

    @Test
    void shouldRefuseToCreateAKeyThatExists() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        bucket.create("dev.db", bytes("first"));

        // When
        Throwable thrown = catchThrowable(() -> bucket.create("dev.db", bytes("second")));

        // Then
        assertThat(thrown)
                .isInstanceOf(RevisionConflictException.class)
                .hasMessageContaining("key 'dev.db' already exists in bucket 'read-models' of 'acme'");
        RevisionConflictException conflict = (RevisionConflictException) thrown;
        assertThat(List.of(conflict.bucket(), conflict.key())).containsExactly(BUCKET, "dev.db");
        assertThat(conflict.expectedRevision()).isZero();
        assertThat(value(bucket, "dev.db")).contains("first");
    }

    @Test
    void shouldCreateAKeyAgainWhenItWasDeleted() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        bucket.create("dev.db", bytes("first"));
        bucket.delete("dev.db");

        // When
        long revision = bucket.create("dev.db", bytes("again"));

        // Then
        assertThat(revision).isEqualTo(3);
        assertThat(value(bucket, "dev.db")).contains("again");
    }

    @Test
    void shouldUpdateWhenTheExpectedRevisionIsCurrent() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        long created = bucket.create("dev.db", bytes("v1"));

        // When
        long updated = bucket.update("dev.db", bytes("v2"), created);

        // Then
        assertThat(updated).isGreaterThan(created);
        assertThat(bucket.get("dev.db")).map(KeyValueEntry::revision).contains(updated);
        assertThat(value(bucket, "dev.db")).contains("v2");
    }

    @Test
    void shouldRefuseAnUpdateWhenTheRevisionMoved() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        long read = bucket.create("dev.db", bytes("v1"));
        bucket.put("dev.db", bytes("v2 by someone else"));

        // When
        Throwable thrown = catchThrowable(() -> bucket.update("dev.db", bytes("v2 by me"), read));

        // Then
        assertThat(thrown)
                .isInstanceOf(RevisionConflictException.class)
                .hasMessageContaining("key 'dev.db' of bucket 'read-models' of 'acme'")
                .hasMessageContaining("expected revision 1");
        assertThat(((RevisionConflictException) thrown).expectedRevision()).isEqualTo(read);
        assertThat(value(bucket, "dev.db")).contains("v2 by someone else");
    }

    @Test
    void shouldRefuseAnUpdateWhenTheKeyIsAbsent() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        bucket.put("dev.web", bytes("1"));

        // When
        Throwable thrown = catchThrowable(() -> bucket.update("dev.db", bytes("v1"), 1));

        // Then
        assertThat(thrown).isInstanceOf(RevisionConflictException.class);
        assertThat(bucket.get("dev.db")).isEmpty();
    }

    @Test
    void shouldForgetAKeyWhenDeleted() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        bucket.put("dev.db", bytes("1"));
        bucket.put("dev.web", bytes("2"));

        // When
        bucket.delete("dev.db");

        // Then
        assertThat(bucket.get("dev.db")).isEmpty();
        assertThat(bucket.keys()).containsExactly("dev.web");
    }

    @Test
    void shouldListKeysSortedAndByWholeTokenPrefix() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        for (String key : List.of("dev.web", "dev2.web", "dev", "prod.db", "dev.db.primary", "dev.db")) {
            bucket.put(key, bytes(key));
        }
        bucket.delete("prod.db");

        // When
        List<String> all = bucket.keys();
        List<String> underDev = bucket.keys("dev");

        // Then
        assertThat(all).containsExactly("dev", "dev.db", "dev.db.primary", "dev.web", "dev2.web");
        assertThat(underDev).containsExactly("dev", "dev.db", "dev.db.primary", "dev.web");
        assertThat(bucket.keys("dev.db")).containsExactly("dev.db", "dev.db.primary");
        assertThat(bucket.keys("staging")).isEmpty();
    }

    @Test
    void shouldSendCurrentEntriesThenChangesIncludingDeletesWhenWatching() {
        // Given: a, b present; c created and deleted before the watch starts
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        bucket.put("a", bytes("1"));
        bucket.put("b", bytes("2"));
        bucket.put("c", bytes("3"));
        bucket.delete("c");
        WatchRecorder recorder = new WatchRecorder();

        // When
        Subscription subscription = bucket.watch(recorder);
        try {
            await().atMost(PATIENCE).until(() -> recorder.events.contains("caught up"));
            bucket.put("a", bytes("4"));
            bucket.delete("b");

            // Then
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(recorder.events)
                    .containsExactly("PUT a=1 @1", "PUT b=2 @2", "caught up", "PUT a=4 @5", "DELETE b= @6"));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldSignalCaughtUpWhenWatchingAnEmptyBucket() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        WatchRecorder recorder = new WatchRecorder();

        // When
        Subscription subscription = bucket.watch(recorder);
        try {
            await().atMost(PATIENCE).until(() -> recorder.events.contains("caught up"));
            bucket.put("a", bytes("1"));

            // Then
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(recorder.events).containsExactly("caught up", "PUT a=1 @1"));
        } finally {
            subscription.close();
        }
    }

    @Test
    void shouldStopWatchingWhenTheWatchIsClosed() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        WatchRecorder closedWatch = new WatchRecorder();
        Subscription watch = bucket.watch(closedWatch);
        bucket.put("a", bytes("1"));
        await().atMost(PATIENCE).until(() -> closedWatch.events.contains("PUT a=1 @1"));

        // When
        watch.close();
        bucket.put("b", bytes("2"));

        // Then: a second watch sees b, the closed one never does
        WatchRecorder openWatch = new WatchRecorder();
        Subscription subscription = bucket.watch(openWatch);
        try {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(openWatch.events)
                    .containsExactly("PUT a=1 @1", "PUT b=2 @2", "caught up"));
        } finally {
            subscription.close();
        }
        assertThat(closedWatch.events).containsExactly("caught up", "PUT a=1 @1");
    }

    @Test
    void shouldKeepEntriesAndRevisionsWhenRestarted() {
        // Given
        KeyValueStore first = openStore();
        KeyValueBucket before = first.bucket(ACME, BUCKET);
        before.put("dev.db", bytes("ready"));
        before.put("dev.web", bytes("pending"));
        before.delete("dev.web");
        stop(first);

        // When
        KeyValueBucket after = openStore().bucket(ACME, BUCKET);

        // Then
        assertThat(after.get("dev.db")).map(KeyValueEntry::revision).contains(1L);
        assertThat(value(after, "dev.db")).contains("ready");
        assertThat(after.keys()).containsExactly("dev.db");
        assertThat(after.put("dev.web", bytes("again"))).isEqualTo(4);
    }

    @Test
    void shouldKeepBucketsOfOrganizationsAndNamesApart() {
        // Given
        KeyValueStore store = openStore();
        store.bucket(ACME, BUCKET).put("dev.db", bytes("acme"));
        store.bucket(GLOBEX, BUCKET).put("dev.db", bytes("globex"));

        // When
        KeyValueBucket otherBucket = store.bucket(ACME, "billing");

        // Then
        assertThat(value(store.bucket(ACME, BUCKET), "dev.db")).contains("acme");
        assertThat(value(store.bucket(GLOBEX, BUCKET), "dev.db")).contains("globex");
        assertThat(otherBucket.get("dev.db")).isEmpty();
        assertThat(List.of(otherBucket.organization(), otherBucket.name())).containsExactly(ACME, "billing");
    }

    @Test
    void shouldStartEmptyWhenTheBucketWasDeletedAndOpenedAgain() {
        // Given
        KeyValueStore store = openStore();
        store.bucket(ACME, BUCKET).put("dev.db", bytes("1"));

        // When
        boolean deleted = store.deleteBucket(ACME, BUCKET);

        // Then
        assertThat(deleted).isTrue();
        assertThat(store.deleteBucket(ACME, BUCKET)).isFalse();
        KeyValueBucket reopened = store.bucket(ACME, BUCKET);
        assertThat(reopened.keys()).isEmpty();
        assertThat(reopened.put("dev.db", bytes("2"))).isEqualTo(1);
    }

    @Test
    void shouldCountEveryIncrementWhenWritersRaceWithRevisionCheckedUpdates() throws Exception {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);
        bucket.create("counter", bytes("0"));
        int writers = 4;
        int increments = 10;

        // When
        List<Future<Integer>> conflicts = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                conflicts.add(executor.submit(() -> {
                    int lost = 0;
                    for (int i = 0; i < increments; i++) {
                        while (true) {
                            KeyValueEntry current = bucket.get("counter").orElseThrow();
                            int next = Integer.parseInt(new String(current.value(), StandardCharsets.UTF_8)) + 1;
                            try {
                                bucket.update("counter", bytes(Integer.toString(next)), current.revision());
                                break;
                            } catch (RevisionConflictException e) {
                                lost++;
                            }
                        }
                    }
                    return lost;
                }));
            }
        }

        // Then
        for (Future<Integer> conflict : conflicts) {
            conflict.get();
        }
        assertThat(value(bucket, "counter")).contains(Integer.toString(writers * increments));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Read-Models",
                "read_models",
                "-models",
                "read.models",
                "a234567890123456789012345678901234567890123456789012345678901234"
            })
    void shouldRejectAnInvalidBucketNameNamingIt(String name) {
        // Given
        KeyValueStore store = openStore();

        // When
        Throwable thrown = catchThrowable(() -> store.bucket(ACME, name));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid bucket name '" + name + "': expected a DNS-1123 label: lowercase letters, digits"
                        + " and '-', starting and ending with a letter or digit, at most 63 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".dev", "dev.", "dev..db", "dev db", "dev.*", "dev.>", "dév"})
    void shouldRejectAnInvalidKeyNamingIt(String key) {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);

        // When
        Throwable thrown = catchThrowable(() -> bucket.put(key, bytes("1")));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid key '" + key + "': expected ");
        assertThat(bucket.keys()).isEmpty();
    }

    @Test
    void shouldRejectANullValue() {
        // Given
        KeyValueBucket bucket = openStore().bucket(ACME, BUCKET);

        // When
        Throwable thrown = catchThrowable(() -> bucket.put("dev.db", null));

        // Then
        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value must not be null (use an empty array for no content)");
        assertThat(bucket.get("dev.db")).isEmpty();
    }
}
