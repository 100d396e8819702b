package io.openova.catalyst.projector;

import io.openova.catalyst.api.event.CatalystEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records what a fan-out subscription sends, as a client would receive it. Optionally gets stuck at one sequence, as a
 * client that stops reading: from the event at {@code blockAt} on, frames are queued and never written (nor recorded),
 * so they count against the subscription's buffer until it overflows.
 */
class RecordingSink implements Fanout.Sink<RecordingSink.Frame> {
    /** What {@link #RENDERER} makes of each call: the arguments, kept for the assertions. */
    record Frame(
            String kind,
            long sequence,
            CatalystEvent event,
            EnvironmentReadModel model,
            List<OperationView> operations) {}

    static final Fanout.Renderer<Frame> RENDERER = new Fanout.Renderer<>() {
        @Override
        public Frame snapshot(EnvironmentReadModel model, long sequence) {
            return new Frame("snapshot", sequence, null, model, List.of());
        }

        @Override
        public Frame event(long sequence, CatalystEvent event, EnvironmentReadModel model) {
            return new Frame("event", sequence, event, model, List.of());
        }

        @Override
        public Frame expired(List<OperationView> operations, EnvironmentReadModel model) {
            return new Frame("expired", -1, null, model, List.copyOf(operations));
        }

        @Override
        public Frame heartbeat() {
            return new Frame("heartbeat", -1, null, null, List.of());
        }
    };

    final List<Long> snapshots = new CopyOnWriteArrayList<>();
    final List<EnvironmentReadModel> snapshotModels = new CopyOnWriteArrayList<>();
    final List<Long> sequences = new CopyOnWriteArrayList<>();
    final List<EnvironmentReadModel> models = new CopyOnWriteArrayList<>();
    final List<OperationView> expired = new CopyOnWriteArrayList<>();
    final AtomicInteger heartbeats = new AtomicInteger();
    final AtomicInteger overflows = new AtomicInteger();
    private final long blockAt;
    private final AtomicBoolean blocked = new AtomicBoolean();

    RecordingSink() {
        this(-1);
    }

    /** A sink that gets stuck when it gets the event at {@code blockAt}. */
    RecordingSink(long blockAt) {
        this.blockAt = blockAt;
    }

    boolean isBlocked() {
        return blocked.get();
    }

    @Override
    public void send(Frame frame, Runnable written) {
        if (blocked.get() || (frame.kind().equals("event") && frame.sequence() == blockAt)) {
            blocked.set(true);
            return;
        }
        switch (frame.kind()) {
            case "snapshot" -> {
                snapshots.add(frame.sequence());
                snapshotModels.add(frame.model());
            }
            case "event" -> {
                sequences.add(frame.sequence());
                models.add(frame.model());
            }
            case "expired" -> expired.addAll(frame.operations());
            case "heartbeat" -> heartbeats.incrementAndGet();
            default -> throw new IllegalStateException("unknown frame " + frame);
        }
        written.run();
    }

    @Override
    public void overflow() {
        overflows.incrementAndGet();
    }
}
