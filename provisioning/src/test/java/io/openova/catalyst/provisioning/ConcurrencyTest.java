package io.openova.catalyst.provisioning;

import static io.openova.catalyst.provisioning.UseCases.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.CommitMessage;
import io.openova.catalyst.gitops.EnvironmentRepositories;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Concurrent requests on one Environment never lose an update, and a retried request lands exactly once. */
class ConcurrencyTest extends BuiltinUseCasesTest {
    private static final int REQUESTS = 50;
    private static final int THREADS = 16;

    /** Runs every task on a pool of {@link #THREADS}, all released at once, and returns their results in order. */
    private static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    ForwardingRepositories.await(go);
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(5, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldCommitEveryInstallWhenFiftyInstallsRunConcurrently() throws Exception {
        // Given
        int before = useCases.log().size();
        List<String> names = IntStream.range(0, REQUESTS)
                .mapToObj(i -> "cache-%02d".formatted(i))
                .toList();
        List<Callable<Outcome>> installs = names.stream()
                .map(name -> (Callable<Outcome>) () -> useCases.install(name, "valkey"))
                .toList();

        // When
        List<Outcome> outcomes = concurrently(installs);

        // Then
        List<CommitInfo> log = useCases.log();
        assertThat(log).hasSize(before + REQUESTS);
        assertThat(useCases.records()).containsOnlyKeys(names);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.changed()).isTrue();
            assertThat(o.replayed()).isFalse();
        });
        Set<String> committed = outcomes.stream().map(Outcome::commitId).collect(Collectors.toSet());
        assertThat(committed)
                .hasSize(REQUESTS)
                .containsExactlyInAnyOrderElementsOf(
                        log.subList(0, REQUESTS).stream().map(CommitInfo::id).toList());
        assertThat(log.subList(0, REQUESTS))
                .extracting(CommitInfo::subject)
                .allMatch(s -> s.matches("install cache-\\d\\d \\(valkey 1\\.0\\.0\\)"));
        assertThat(useCases.yaml("resources/kustomization.yaml").path("resources"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(names);
    }

    @Test
    void shouldCommitOnceWhenFiftyRequestsWithTheSameIdempotencyKeyRunConcurrently() throws Exception {
        // Given
        int before = useCases.log().size();
        Operation install = UseCases.installOp("cache", "valkey", "{\"replicas\": 3}");
        List<Callable<Outcome>> retries = IntStream.range(0, REQUESTS)
                .mapToObj(i ->
                        (Callable<Outcome>) () -> useCases.provisioning.apply(ENV, install, useCases.keyed("same-key")))
                .toList();

        // When
        List<Outcome> outcomes = concurrently(retries);

        // Then
        assertThat(useCases.log()).hasSize(before + 1);
        String commit = useCases.head().commitId();
        assertThat(outcomes).extracting(Outcome::commitId).containsOnly(commit);
        assertThat(outcomes)
                .extracting(Outcome::operationId)
                .containsOnly(outcomes.getFirst().operationId());
        assertThat(outcomes).filteredOn(o -> !o.replayed()).hasSize(1);
        assertThat(useCases.records()).containsOnlyKeys("cache");
    }

    @Test
    void shouldRecomputeAndCommitOnTopWhenHeadMovesDuringTheCommit() throws Exception {
        // Given: another request lands between this one's read of HEAD and its commit
        AtomicInteger attempts = new AtomicInteger();
        Provisioning overtaken = useCases.provisioning(repositories -> new ForwardingRepositories(repositories) {
            @Override
            public CommitInfo commit(
                    EnvironmentRef env, String expectedHead, SortedMap<String, byte[]> files, CommitMessage message) {
                if (attempts.incrementAndGet() == 1) {
                    installOther();
                }
                return super.commit(env, expectedHead, files, message);
            }
        });
        int before = useCases.log().size();

        // When
        Outcome outcome = overtaken.apply(
                ENV,
                UseCases.installOp("db", "cnpg", "{\"superuserPassword\": \"overtaken-password\"}"),
                useCases.request());

        // Then
        assertThat(attempts).hasValue(2);
        assertThat(useCases.log())
                .hasSize(before + 2)
                .extracting(CommitInfo::subject)
                .startsWith("install db (cnpg 1.0.0)", "install other (valkey 1.0.0)");
        assertThat(outcome.commitId()).isEqualTo(useCases.head().commitId());
        assertThat(useCases.records()).containsOnlyKeys("db", "other");
        assertThat(useCases.secret("db", "superuserPassword")).contains("overtaken-password");
    }

    private void installOther() {
        try {
            useCases.install("other", "valkey");
        } catch (ProvisioningException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first request with a key commits right after its retry looked for the key and found nothing: the retry must
     * still answer with the first result, not refuse because the Application now exists.
     */
    @Test
    void shouldReplayWhenTheFirstRequestCommitsJustAfterTheRetryLookedForItsKey() throws Exception {
        // Given
        Operation install = UseCases.installOp("cache", "valkey", "{}");
        AtomicBoolean raced = new AtomicBoolean();
        AtomicReference<Outcome> first = new AtomicReference<>();
        Provisioning retrying = useCases.provisioning(repositories -> new ForwardingRepositories(repositories) {
            @Override
            public Optional<CommitInfo> findByTrailer(EnvironmentRef env, String key, String value) {
                Optional<CommitInfo> found = super.findByTrailer(env, key, value);
                if (raced.compareAndSet(false, true)) {
                    first.set(applyFirst(install));
                }
                return found;
            }
        });
        int before = useCases.log().size();

        // When
        Throwable thrown = catchThrowable(() -> retrying.apply(ENV, install, useCases.keyed("key-1")));

        // Then
        assertThat(thrown).as("the retry of an already committed request").isNull();
        assertThat(useCases.log()).hasSize(before + 1);
        assertThat(first.get().commitId()).isEqualTo(useCases.head().commitId());
    }

    private Outcome applyFirst(Operation install) {
        try {
            return useCases.provisioning.apply(ENV, install, useCases.keyed("key-1"));
        } catch (ProvisioningException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Two installs of the same name race: both store their secret, one commits, the other finds HEAD moved and is
     * refused. The refused one must not take away the secret of the Application that Git now has.
     */
    @Test
    void shouldKeepTheCommittedSecretWhenAConcurrentInstallOfTheSameNameLoses() throws Exception {
        // Given: request "first" stores its secret and reaches its commit; "second" stores and commits meanwhile
        Map<String, String> passwords = Map.of("req-first", "first-password-1", "req-second", "second-password-2");
        CountDownLatch firstAtCommit = new CountDownLatch(1);
        CountDownLatch secondCommitted = new CountDownLatch(1);
        Provisioning racing = useCases.provisioning(
                repositories -> new HeldCommit(repositories, "req-first", firstAtCommit, secondCommitted));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> first = pool.submit(() -> installDb(racing, "req-first", passwords));
            ForwardingRepositories.await(firstAtCommit);

            // When
            Throwable second = catchThrowable(() -> installDb(racing, "req-second", passwords));
            Throwable firstFailure = catchThrowable(() -> first.get(1, TimeUnit.MINUTES));

            // Then: one request installed db, the other was refused; the store has the password of the one in Git
            Throwable firstRefusal = firstFailure == null ? null : firstFailure.getCause();
            assertThat(Stream.of(firstRefusal, second).filter(Objects::nonNull))
                    .singleElement()
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.kind())
                            .isEqualTo(ProvisioningException.Kind.CONFLICT));
            assertThat(useCases.records().get("db").secrets()).containsExactly("/superuserPassword");
            String committedBy = useCases.lastCommit().trailers().get(Provisioning.REQUEST_ID);
            assertThat(useCases.secret("db", "superuserPassword"))
                    .as("the secret of db, which request %s committed", committedBy)
                    .contains(passwords.get(committedBy));
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome installDb(Provisioning provisioning, String requestId, Map<String, String> passwords)
            throws ProvisioningException {
        return provisioning.apply(
                ENV,
                UseCases.installOp("db", "cnpg", "{\"superuserPassword\": \"" + passwords.get(requestId) + "\"}"),
                new RequestContext(Optional.empty(), requestId, "alice", false));
    }

    /**
     * Holds the commit of request {@code held} until another request has committed. If the other request cannot
     * commit meanwhile (a Provisioning that serializes its writers makes it wait for this one), goes on after a while.
     */
    private static final class HeldCommit extends ForwardingRepositories {
        private final String held;
        private final CountDownLatch heldAtCommit;
        private final CountDownLatch otherCommitted;

        HeldCommit(
                EnvironmentRepositories delegate,
                String held,
                CountDownLatch heldAtCommit,
                CountDownLatch otherCommitted) {
            super(delegate);
            this.held = held;
            this.heldAtCommit = heldAtCommit;
            this.otherCommitted = otherCommitted;
        }

        @Override
        public CommitInfo commit(
                EnvironmentRef env, String expectedHead, SortedMap<String, byte[]> files, CommitMessage message) {
            if (!held.equals(message.trailers().get(Provisioning.REQUEST_ID))) {
                CommitInfo commit = super.commit(env, expectedHead, files, message);
                otherCommitted.countDown();
                return commit;
            }
            heldAtCommit.countDown();
            try {
                // false when the other request waits for this one: then this one commits first, and that is fine
                otherCommitted.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return super.commit(env, expectedHead, files, message);
        }
    }
}
