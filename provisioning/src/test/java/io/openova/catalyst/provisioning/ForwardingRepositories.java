package io.openova.catalyst.provisioning;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.gitops.CommitInfo;
import io.openova.catalyst.gitops.CommitMessage;
import io.openova.catalyst.gitops.EnvironmentRepositories;
import io.openova.catalyst.gitops.Snapshot;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Environment repositories that forward every call to real ones: tests override a method to inject a failure or a race. */
class ForwardingRepositories implements EnvironmentRepositories {
    private final EnvironmentRepositories delegate;

    ForwardingRepositories(EnvironmentRepositories delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommitInfo create(EnvironmentRef env, SortedMap<String, byte[]> files, CommitMessage message) {
        return delegate.create(env, files, message);
    }

    @Override
    public boolean exists(EnvironmentRef env) {
        return delegate.exists(env);
    }

    @Override
    public List<EnvironmentRef> list() {
        return delegate.list();
    }

    @Override
    public Snapshot head(EnvironmentRef env) {
        return delegate.head(env);
    }

    @Override
    public Snapshot at(EnvironmentRef env, String commitId) {
        return delegate.at(env, commitId);
    }

    @Override
    public CommitInfo commit(
            EnvironmentRef env, String expectedHead, SortedMap<String, byte[]> files, CommitMessage message) {
        return delegate.commit(env, expectedHead, files, message);
    }

    @Override
    public Optional<CommitInfo> findByTrailer(EnvironmentRef env, String key, String value) {
        return delegate.findByTrailer(env, key, value);
    }

    @Override
    public List<CommitInfo> log(EnvironmentRef env, int max) {
        return delegate.log(env, max);
    }

    @Override
    public void close() {
        // the delegate belongs to the test fixture, which closes it
    }

    /** Waits for {@code latch}, failing the calling request (not hanging the build) if it never opens. */
    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gave up waiting for the other request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
