package io.openova.catalyst.projector;

import io.openova.catalyst.api.event.CatalystEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what a fan-out subscription sends. Optionally blocks in {@link #event} on one sequence until
 * {@link #release()}d: an event whose call was interrupted (the subscription overflowed) is not recorded, as a client
 * whose connection broke mid-event did not get it.
 */
class RecordingSink implements Fanout.Sink {
    final List<Long> snapshots = new CopyOnWriteArrayList<>();
    final List<EnvironmentReadModel> snapshotModels = new CopyOnWriteArrayList<>();
    final List<Long> sequences = new CopyOnWriteArrayList<>();
    final List<EnvironmentReadModel> models = new CopyOnWriteArrayList<>();
    final List<OperationView> expired = new CopyOnWriteArrayList<>();
    final AtomicInteger heartbeats = new AtomicInteger();
    final AtomicInteger overflows = new AtomicInteger();
    private final long blockAt;
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);

    RecordingSink() {
        this(-1);
    }

    /** A sink that blocks when it gets the event at {@code blockAt}. */
    RecordingSink(long blockAt) {
        this.blockAt = blockAt;
    }

    void release() {
        released.countDown();
    }

    boolean isBlocked() {
        return blocked.getCount() == 0;
    }

    @Override
    public void snapshot(EnvironmentReadModel model, long sequence) {
        snapshots.add(sequence);
        snapshotModels.add(model);
    }

    @Override
    public void event(long sequence, CatalystEvent event, EnvironmentReadModel model) {
        if (sequence == blockAt) {
            blocked.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        sequences.add(sequence);
        models.add(model);
    }

    @Override
    public void heartbeat() {
        heartbeats.incrementAndGet();
    }

    @Override
    public void expired(List<OperationView> operations, EnvironmentReadModel model) {
        expired.addAll(operations);
    }

    @Override
    public void overflow() {
        overflows.incrementAndGet();
    }
}
