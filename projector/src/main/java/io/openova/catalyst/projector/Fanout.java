package io.openova.catalyst.projector;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.Subscription;
import io.openova.catalyst.spine.events.EventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one Environment's read model and its changes to subscribers, for Server-Sent Events (docs/events.md, "Read
 * models (projector)"). Plain Java: the server turns {@link Sink} calls into SSE frames.
 *
 * <p><b>Contract.</b> Event ids are stream sequences. A subscriber without a last event id gets a
 * {@linkplain Sink#snapshot snapshot} of the stored read model (id = the model's {@code lastSequence}), then every
 * later event of the Environment; a subscriber with one gets exactly the events after it: nothing missed, nothing
 * repeated. Each event comes with the read model after it, folded by this subscriber from the same {@link Projection}
 * as the projector. {@linkplain Sink#heartbeat Heartbeats} come whenever nothing was sent for the heartbeat interval.
 *
 * <p><b>Slow subscribers.</b> Each subscriber has its own bounded buffer of live events and its own virtual thread
 * calling its sink, so a slow sink delays no one else. A subscriber whose buffer overflows loses its subscription: its
 * sink gets {@link Sink#overflow()} and the client reconnects with the id of the last event it got. Catching up on
 * stored events (after a snapshot or a last event id) is read page by page at the sink's pace and cannot overflow.
 */
public final class Fanout implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Fanout.class);

    /** The heartbeat interval unless another is given: well below the idle timeouts of common proxies (60 s). */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

    /**
     * A buffer limit for {@link #subscribe} that holds the bursts of live events a healthy client meets (a composite
     * install publishes an event per Application, then Flux reports on each): the buffer only fills while the client
     * does not read, so a limit far below the burst sizes would disconnect healthy clients.
     */
    public static final int DEFAULT_BUFFER_LIMIT = 1024;

    /** Stored events read per page while catching up. */
    static final int CATCH_UP_PAGE = 256;

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    /** Wakes a subscriber's thread waiting on its buffer; never delivered. */
    private static final SpineMessage WAKE_UP =
            new SpineMessage("catalyst.fanout.wake.up", 1, "wake-up", new TreeMap<>(), new byte[0], Instant.EPOCH);

    /**
     * Receives one subscription's output. Calls come one at a time from the subscription's own thread, and none after
     * {@link Subscription#close()} returned (unless it was called from inside a call). A sink that throws ends its
     * subscription without an {@link #overflow()}.
     */
    public interface Sink {

        /** The read model as stored, at {@code sequence} (the SSE id to send with it). Only without a last event id. */
        void snapshot(EnvironmentReadModel model, long sequence);

        /** The event at {@code sequence} (the SSE id) and the read model after it. */
        void event(long sequence, CatalystEvent event, EnvironmentReadModel model);

        /** Nothing was sent for a heartbeat interval: send an SSE comment to keep the connection open. */
        void heartbeat();

        /**
         * Operations timed out (no event carries that: send it without an SSE id). Called when this subscription's
         * model times them out, and once after subscribing with a last event id, with the operations already timed out
         * (the client may have missed them while disconnected; a terminal state sent again changes nothing).
         */
        void expired(List<OperationView> operations, EnvironmentReadModel model);

        /**
         * This subscription is over: its buffer overflowed (or the spine failed). Close the connection; the client
         * reconnects with the id of the last event it got and misses nothing. If the thread is blocked in another
         * call of this sink when the buffer overflows, it is interrupted.
         */
        void overflow();
    }

    private final EventSpine spine;
    private final ReadModelStore store;
    private final Projection projection;
    private final Clock clock;
    private final long heartbeatNanos;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    /** A fan-out with the {@link #DEFAULT_HEARTBEAT_INTERVAL}. */
    public Fanout(EventSpine spine, ReadModelStore store, Projection projection, Clock clock) {
        this(spine, store, projection, clock, DEFAULT_HEARTBEAT_INTERVAL);
    }

    /**
     * @param projection the projector's ({@link Projector#projection()})
     * @param clock judges operation timeouts, as the projector's does
     * @param heartbeatInterval how long a subscription may stay silent before a heartbeat, positive
     */
    public Fanout(
            EventSpine spine, ReadModelStore store, Projection projection, Clock clock, Duration heartbeatInterval) {
        this.spine = Objects.requireNonNull(spine, "spine");
        this.store = Objects.requireNonNull(store, "store");
        this.projection = Objects.requireNonNull(projection, "projection");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException(
                    "heartbeat interval must be a positive duration, was " + heartbeatInterval);
        }
        this.heartbeatNanos = heartbeatInterval.toNanos();
    }

    /**
     * Subscribes {@code sink} to {@code environment}.
     *
     * @param lastEventId the SSE {@code Last-Event-ID} the client sent, if any. An id beyond the end of the stream
     *     (not one this stream gave) is treated as none: the client gets a snapshot
     * @param bufferLimit how many live events may wait for the sink before the subscription overflows, at least 1
     * @return the subscription; close it when the client goes away
     * @throws UnreadableReadModelException if the stored read model cannot be read
     */
    public Subscription subscribe(EnvironmentRef environment, OptionalLong lastEventId, int bufferLimit, Sink sink) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(lastEventId, "lastEventId");
        Objects.requireNonNull(sink, "sink");
        if (lastEventId.isPresent() && lastEventId.getAsLong() < 0) {
            throw new IllegalArgumentException("last event id must not be negative, was " + lastEventId.getAsLong());
        }
        if (bufferLimit < 1) {
            throw new IllegalArgumentException("buffer limit must be at least 1, was " + bufferLimit);
        }
        if (closed) {
            throw new IllegalStateException("the fan-out is closed");
        }
        EnvironmentReadModel model = projection.expire(
                store.get(environment).orElseGet(() -> EnvironmentReadModel.empty(environment)), clock.instant());
        OptionalLong resumeAfter = lastEventId;
        if (lastEventId.isPresent() && lastEventId.getAsLong() > spine.lastSequence(environment.org())) {
            LOGGER.info(
                    "Last event id beyond the stream, sending a snapshot org={} environment={} lastEventId={}",
                    environment.org(),
                    environment.env(),
                    lastEventId.getAsLong());
            resumeAfter = OptionalLong.empty();
        }
        Subscriber subscriber = new Subscriber(environment, model, resumeAfter, bufferLimit, sink);
        subscribers.add(subscriber);
        subscriber.thread.start();
        return subscriber;
    }

    /** How many subscriptions are open. */
    public int subscribers() {
        return subscribers.size();
    }

    /** Closes every subscription (their sinks get no {@link Sink#overflow()}). */
    @Override
    public void close() {
        closed = true;
        List.copyOf(subscribers).forEach(Subscriber::close);
    }

    /** One subscription: a bounded buffer filled by a live follow, emptied into the sink by its own thread. */
    private final class Subscriber implements Subscription {
        private final EnvironmentRef environment;
        private final String filter;
        private final Sink sink;
        private final BlockingQueue<SpineMessage> buffer;
        private final int bufferLimit;
        private final OptionalLong lastEventId;
        private final Thread thread;
        /** Guards {@link #inSink} and interrupts, and {@link #follow} with {@link #followClosed}. */
        private final Object lock = new Object();

        private volatile boolean closed;
        private volatile boolean overflowed;
        private boolean inSink;
        private Subscription follow;
        private boolean followClosed;

        // confined to the subscriber's thread
        private EnvironmentReadModel model;
        /** Every event up to here was folded in (and delivered if after {@link #deliverAfter}). */
        private long position;
        /** Events after this sequence go to the sink. */
        private long deliverAfter;

        Subscriber(
                EnvironmentRef environment,
                EnvironmentReadModel model,
                OptionalLong lastEventId,
                int bufferLimit,
                Sink sink) {
            this.environment = environment;
            this.filter = EventCodec.environmentFilter(environment);
            this.model = model;
            this.lastEventId = lastEventId;
            this.bufferLimit = bufferLimit;
            this.buffer = new ArrayBlockingQueue<>(bufferLimit + 1); // + room for the wake-up
            this.sink = sink;
            this.thread = Thread.ofVirtual()
                    .name("fanout-" + environment.org() + "-" + environment.env() + "-" + ids.incrementAndGet())
                    .unstarted(this::run);
        }

        private void run() {
            boolean spineFailed = false;
            try {
                open();
                catchUp();
                live();
            } catch (InterruptedException e) {
                // closed or overflowed while waiting
            } catch (SinkException e) {
                if (!closed) {
                    LOGGER.debug(
                            "Sink failed, closing the subscription org={} environment={}",
                            environment.org(),
                            environment.env(),
                            e.getCause());
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    spineFailed = true;
                    LOGGER.warn(
                            "Subscription failed org={} environment={}: the client is told to reconnect",
                            environment.org(),
                            environment.env(),
                            e);
                }
            } finally {
                closeFollow();
                subscribers.remove(this);
                if ((overflowed || spineFailed) && !closed) {
                    try {
                        sink.overflow();
                    } catch (RuntimeException e) {
                        LOGGER.debug(
                                "Sink failed on overflow org={} environment={}",
                                environment.org(),
                                environment.env(),
                                e);
                    }
                }
            }
        }

        /** The snapshot, or the operations timed out since the client may have left. */
        private void open() {
            if (lastEventId.isEmpty()) {
                EnvironmentReadModel snapshot = model;
                call(() -> sink.snapshot(snapshot, snapshot.lastSequence()));
                position = model.lastSequence();
                deliverAfter = position;
                return;
            }
            deliverAfter = lastEventId.getAsLong();
            position = Math.min(deliverAfter, model.lastSequence());
            List<OperationView> timedOut = model.operations().stream()
                    .filter(o -> o.state() == OperationState.TIMED_OUT)
                    .toList();
            if (!timedOut.isEmpty()) {
                EnvironmentReadModel current = model;
                call(() -> sink.expired(timedOut, current));
            }
        }

        /** Reads the stored events after {@link #position} page by page, at the sink's pace. */
        private void catchUp() {
            while (!isOver()) {
                List<SpineMessage> page = spine.read(environment.org(), position, filter, CATCH_UP_PAGE);
                for (SpineMessage message : page) {
                    if (isOver()) {
                        return;
                    }
                    handle(message);
                }
                if (page.size() < CATCH_UP_PAGE) {
                    return;
                }
            }
        }

        /** Follows the stream after {@link #position}, delivering from the buffer, heartbeats when idle. */
        private void live() throws InterruptedException {
            if (isOver()) {
                return;
            }
            Subscription started = spine.follow(environment.org(), position, filter, this::offer);
            synchronized (lock) {
                if (followClosed) {
                    started.close();
                    return;
                }
                follow = started;
            }
            long nextHeartbeat = System.nanoTime() + heartbeatNanos;
            while (!isOver()) {
                long wait = nextHeartbeat - System.nanoTime();
                SpineMessage message = wait > 0 ? buffer.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (isOver()) {
                    return;
                }
                if (message == null) {
                    call(sink::heartbeat);
                    nextHeartbeat = System.nanoTime() + heartbeatNanos;
                } else if (message != WAKE_UP && handle(message)) {
                    nextHeartbeat = System.nanoTime() + heartbeatNanos;
                }
                expire();
            }
        }

        /** Folds {@code message} in and sends it if it is after the last event id; whether it was sent. */
        private boolean handle(SpineMessage message) {
            if (message.sequence() <= position) {
                return false;
            }
            position = message.sequence();
            Optional<CatalystEvent> decoded = EventMessages.decode(message);
            if (decoded.isEmpty()) {
                return false;
            }
            CatalystEvent event = decoded.get();
            model = projection.apply(model, event, message.sequence());
            if (message.sequence() <= deliverAfter) {
                return false;
            }
            EnvironmentReadModel after = model;
            call(() -> sink.event(message.sequence(), event, after));
            return true;
        }

        private void expire() {
            EnvironmentReadModel expired = projection.expire(model, clock.instant());
            if (expired == model) {
                return;
            }
            List<OperationView> timedOut = expired.operations().stream()
                    .filter(o -> o.state() == OperationState.TIMED_OUT
                            && model.operation(o.operationId())
                                    .map(before -> before.state() != OperationState.TIMED_OUT)
                                    .orElse(true))
                    .toList();
            model = expired;
            call(() -> sink.expired(timedOut, expired));
        }

        /** Called by the follow's thread: never blocks. */
        private void offer(SpineMessage message) {
            if (isOver()) {
                return;
            }
            if (buffer.size() >= bufferLimit || !buffer.offer(message)) {
                overflowed = true;
                buffer.clear();
                buffer.offer(WAKE_UP);
                LOGGER.info(
                        "Subscriber too slow, disconnecting org={} environment={} bufferLimit={}",
                        environment.org(),
                        environment.env(),
                        bufferLimit);
                interruptSink();
                // not from this thread: some adapters deliver follows on a thread that must not close them
                Thread.ofVirtual().start(this::closeFollow);
            }
        }

        private boolean isOver() {
            return closed || overflowed;
        }

        /** Calls the sink, interruptible by an overflow or a close while it runs (and only then). */
        private void call(Runnable call) {
            synchronized (lock) {
                inSink = true;
            }
            try {
                call.run();
            } catch (RuntimeException e) {
                throw new SinkException(e);
            } finally {
                synchronized (lock) {
                    inSink = false;
                    // an interrupt meant for the sink must not reach the spine (H2 file channels close on one)
                    Thread.interrupted();
                }
            }
        }

        private void interruptSink() {
            synchronized (lock) {
                if (inSink) {
                    thread.interrupt();
                }
            }
        }

        private void closeFollow() {
            Subscription toClose;
            synchronized (lock) {
                followClosed = true;
                toClose = follow;
                follow = null;
            }
            if (toClose != null) {
                toClose.close();
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            buffer.clear();
            buffer.offer(WAKE_UP);
            interruptSink();
            if (Thread.currentThread() != thread && thread.isAlive()) {
                try {
                    if (!thread.join(JOIN_TIMEOUT)) {
                        LOGGER.warn(
                                "Sink still busy after close org={} environment={} waited={}",
                                environment.org(),
                                environment.env(),
                                JOIN_TIMEOUT);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closeFollow();
            subscribers.remove(this);
        }
    }

    /** A sink call threw: the subscription ends without an overflow. */
    private static final class SinkException extends RuntimeException {
        SinkException(RuntimeException cause) {
            super(cause);
        }
    }
}
