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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one Environment's read model and its changes to subscribers, for Server-Sent Events (docs/events.md, "Read
 * models (projector)"). Plain Java: a {@link Renderer} given by the server turns the model and events into frames
 * (SSE bytes), and a {@link Sink} per subscriber queues them for its client.
 *
 * <p><b>One hub per Environment.</b> The subscribers of an Environment share a hub, opened with the first subscriber
 * and closed after the last one left: one live {@code follow} of the stream, one fold of the read model, one frame
 * rendered per event. Each subscriber only gets the rendered frame appended to its bounded buffer. The hub keeps the
 * frames of its last {@link #DEFAULT_WINDOW} events for subscribers that resume a little behind.
 *
 * <p><b>Contract.</b> Event ids are stream sequences. A subscriber without a last event id gets a snapshot of the
 * hub's read model (id = the hub's position), then every later event of the Environment; a subscriber with one gets
 * exactly the events after it: nothing missed, nothing repeated. Heartbeats come whenever nothing was sent to a
 * subscriber for the heartbeat interval.
 *
 * <p><b>Slow subscribers.</b> A {@link Sink} never blocks: it queues the frame and reports when it was written. A
 * subscriber with {@code bufferLimit} frames queued and not yet written when the next one comes loses its
 * subscription: its sink gets {@link Sink#overflow()} and the client reconnects with the id of the last event it got.
 * The hub never waits for a subscriber. Catching up on stored events (a last event id older than the hub's window) is
 * read page by page on the subscriber's own thread, at the sink's pace, and cannot overflow; it then joins the hub's
 * live feed at an exact sequence.
 *
 * @param <F> the frames the renderer makes and the sinks send
 */
public final class Fanout<F> implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Fanout.class);

    /** The heartbeat interval unless another is given: well below the idle timeouts of common proxies (60 s). */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

    /**
     * A buffer limit for {@link #subscribe} that holds the bursts of live events a healthy client meets (a composite
     * install publishes an event per Application, then Flux reports on each): the buffer only fills while the client
     * does not read, so a limit far below the burst sizes would disconnect healthy clients.
     */
    public static final int DEFAULT_BUFFER_LIMIT = 1024;

    /** Rendered events a hub keeps for subscribers that resume a little behind it. */
    public static final int DEFAULT_WINDOW = 1024;

    /** Stored events read per page while catching up. */
    static final int CATCH_UP_PAGE = 256;

    /** The longest a hub waits before it looks at heartbeats and timeouts again. */
    private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Wakes a hub's thread to see that it closed; never folded. */
    private static final SpineMessage WAKE_UP =
            new SpineMessage("catalyst.fanout.wake.up", 1, "wake-up", new TreeMap<>(), new byte[0], Instant.EPOCH);

    /** Turns the read model and events into frames, once per hub: every subscriber of the hub gets the same frame. */
    public interface Renderer<F> {

        /** The read model at {@code sequence} (the SSE id to send with it). */
        F snapshot(EnvironmentReadModel model, long sequence);

        /** The event at {@code sequence} (the SSE id) and the read model after it. */
        F event(long sequence, CatalystEvent event, EnvironmentReadModel model);

        /**
         * Operations timed out (no event carries that: no SSE id). Rendered when the hub's model times them out, and
         * for a subscriber resuming with a last event id, with the operations already timed out (the client may have
         * missed them while disconnected; a terminal state sent again changes nothing).
         */
        F expired(List<OperationView> operations, EnvironmentReadModel model);

        /** Nothing was sent for a heartbeat interval: an SSE comment that keeps the connection open. */
        F heartbeat();
    }

    /**
     * Queues one subscription's frames for its client. Calls come one at a time, and none after
     * {@link Subscription#close()} returned (unless it was called from inside a call).
     */
    public interface Sink<F> {

        /**
         * Queues {@code frame} for the client, without blocking (the hub calls every subscriber's sink in turn). Call
         * {@code written} once, from any thread, when the frame left for the client: until then it counts against the
         * subscription's buffer limit. A sink that throws ends its subscription without an {@link #overflow()}.
         */
        void send(F frame, Runnable written);

        /**
         * This subscription is over: its buffer overflowed (or the spine failed). Close the connection; the client
         * reconnects with the id of the last event it got and misses nothing.
         */
        void overflow();
    }

    private final EventSpine spine;
    private final ReadModelStore store;
    private final Projection projection;
    private final Clock clock;
    private final Renderer<F> renderer;
    private final long heartbeatNanos;
    private final long tickNanos;
    private final int window;
    private final ConcurrentHashMap<EnvironmentRef, Hub> hubs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    /** A fan-out with the {@link #DEFAULT_HEARTBEAT_INTERVAL}. */
    public Fanout(EventSpine spine, ReadModelStore store, Projection projection, Clock clock, Renderer<F> renderer) {
        this(spine, store, projection, clock, DEFAULT_HEARTBEAT_INTERVAL, renderer);
    }

    /**
     * @param projection the projector's ({@link Projector#projection()})
     * @param clock judges operation timeouts, as the projector's does
     * @param heartbeatInterval how long a subscription may stay silent before a heartbeat, positive
     * @param renderer makes the frames, once per hub
     */
    public Fanout(
            EventSpine spine,
            ReadModelStore store,
            Projection projection,
            Clock clock,
            Duration heartbeatInterval,
            Renderer<F> renderer) {
        this(spine, store, projection, clock, heartbeatInterval, renderer, DEFAULT_WINDOW);
    }

    /** As above, with a hub window of {@code window} events (tests use a small one to exercise catching up). */
    Fanout(
            EventSpine spine,
            ReadModelStore store,
            Projection projection,
            Clock clock,
            Duration heartbeatInterval,
            Renderer<F> renderer,
            int window) {
        this.spine = Objects.requireNonNull(spine, "spine");
        this.store = Objects.requireNonNull(store, "store");
        this.projection = Objects.requireNonNull(projection, "projection");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException(
                    "heartbeat interval must be a positive duration, was " + heartbeatInterval);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, was " + window);
        }
        this.heartbeatNanos = heartbeatInterval.toNanos();
        this.tickNanos = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, heartbeatNanos / 4));
        this.window = window;
    }

    /**
     * Subscribes {@code sink} to {@code environment}.
     *
     * @param lastEventId the SSE {@code Last-Event-ID} the client sent, if any. An id beyond the end of the stream
     *     (not one this stream gave) is treated as none: the client gets a snapshot
     * @param bufferLimit how many frames may be queued and not yet written before the subscription overflows, at least
     *     1
     * @return the subscription; close it when the client goes away
     * @throws UnreadableReadModelException if the stored read model cannot be read (opening the Environment's hub)
     */
    public Subscription subscribe(EnvironmentRef environment, OptionalLong lastEventId, int bufferLimit, Sink<F> sink) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(lastEventId, "lastEventId");
        Objects.requireNonNull(sink, "sink");
        if (lastEventId.isPresent() && lastEventId.getAsLong() < 0) {
            throw new IllegalArgumentException("last event id must not be negative, was " + lastEventId.getAsLong());
        }
        if (bufferLimit < 1) {
            throw new IllegalArgumentException("buffer limit must be at least 1, was " + bufferLimit);
        }
        while (true) {
            if (closed) {
                throw new IllegalStateException("the fan-out is closed");
            }
            Hub hub = hubs.computeIfAbsent(environment, Hub::new);
            OptionalLong resumeAfter = lastEventId;
            // within what the hub has seen, the id is one of this stream's; only beyond it ask the spine
            if (lastEventId.isPresent()
                    && lastEventId.getAsLong() > hub.position
                    && lastEventId.getAsLong() > spine.lastSequence(environment.org())) {
                LOGGER.info(
                        "Last event id beyond the stream, sending a snapshot org={} environment={} lastEventId={}",
                        environment.org(),
                        environment.env(),
                        lastEventId.getAsLong());
                resumeAfter = OptionalLong.empty();
            }
            Subscriber subscriber = new Subscriber(hub, bufferLimit, sink);
            if (hub.join(subscriber, resumeAfter)) {
                return subscriber;
            }
            // the hub closed as its last subscriber left: open another
            hubs.remove(environment, hub);
        }
    }

    /** How many subscriptions are open. */
    public int subscribers() {
        return hubs.values().stream().mapToInt(Hub::members).sum();
    }

    /** How many Environments have a hub open (each follows the stream once). */
    public int hubs() {
        return (int) hubs.values().stream().filter(h -> h.members() > 0).count();
    }

    /** Closes every subscription (their sinks get no {@link Sink#overflow()}). */
    @Override
    public void close() {
        closed = true;
        List.copyOf(hubs.values()).forEach(Hub::close);
    }

    /** An event as the hub rendered it. */
    private record Rendered<F>(long sequence, F frame) {}

    /**
     * The Environment's shared feed: a follow of the stream into {@link #inbox}, a thread folding and rendering each
     * event once and appending the frame to every live subscriber. The lock (this) guards the model, the position, the
     * window and the subscriber sets, so that joining at a position and dispatching the events after it are exact.
     */
    private final class Hub {
        private final EnvironmentRef environment;
        private final String filter;
        private final LinkedBlockingQueue<SpineMessage> inbox = new LinkedBlockingQueue<>();
        private final Thread thread;
        /** Every subscriber, live or catching up; the hub closes when the last one leaves. */
        private final Set<Subscriber> members = new HashSet<>();
        /** The subscribers that get the hub's frames. */
        private final List<Subscriber> live = new ArrayList<>();
        /** The frames of the last events, oldest first. */
        private final ArrayDeque<Rendered<F>> recent = new ArrayDeque<>();

        private final F heartbeat;
        private final long startPosition;

        /** Every event of the Environment up to here is folded into {@link #model} (written under the lock). */
        private volatile long position;
        /** Every event after this sequence, up to {@link #position}, is in {@link #recent}. */
        private long windowFloor;

        private EnvironmentReadModel model;
        /** The snapshot of {@link #model}, rendered on demand, dropped when the model changes. */
        private F snapshot;
        /** The operations timed out in {@link #model}, rendered on demand for resuming subscribers. */
        private Optional<F> timedOut;

        private boolean started;
        private boolean closed;
        private Subscription follow;

        Hub(EnvironmentRef environment) {
            this.environment = environment;
            this.filter = EventCodec.environmentFilter(environment);
            this.model = projection.expire(
                    store.get(environment).orElseGet(() -> EnvironmentReadModel.empty(environment)), clock.instant());
            this.position = model.lastSequence();
            this.startPosition = position;
            this.windowFloor = position;
            this.heartbeat = renderer.heartbeat();
            this.thread = Thread.ofVirtual()
                    .name("fanout-" + environment.org() + "-" + environment.env() + "-" + ids.incrementAndGet())
                    .unstarted(this::run);
        }

        synchronized int members() {
            return members.size();
        }

        /**
         * Adds {@code subscriber}: live at once when the hub can serve what it needs (a snapshot, or the events after
         * its last event id from the window), else catching up on its own thread first. False if the hub is closed.
         */
        boolean join(Subscriber subscriber, OptionalLong lastEventId) {
            List<Subscriber> ended = new ArrayList<>();
            synchronized (this) {
                if (closed) {
                    return false;
                }
                members.add(subscriber);
                if (!started) {
                    started = true;
                    thread.start();
                }
                if (lastEventId.isEmpty()) {
                    if (!subscriber.send(snapshot())) {
                        ended.add(subscriber);
                    } else {
                        goLive(subscriber, position);
                    }
                } else {
                    long after = lastEventId.getAsLong();
                    Optional<F> expired = timedOut();
                    if (expired.isPresent() && !subscriber.send(expired.get())) {
                        ended.add(subscriber);
                    } else if (!handOver(subscriber, after)) {
                        subscriber.catchUp(model, after);
                    }
                }
                if (ended.isEmpty() && subscriber.isOver()) {
                    ended.add(subscriber);
                }
                ended.forEach(this::remove);
            }
            ended.forEach(Subscriber::ended);
            closeIfEmpty();
            return true;
        }

        /**
         * Under the lock: makes {@code subscriber} live if everything after {@code after} is in the window (sending
         * those frames now) or after the hub's position, and the frames fit its buffer. Whether it did.
         */
        boolean handOver(Subscriber subscriber, long after) {
            if (after >= position) {
                goLive(subscriber, after);
                return true;
            }
            if (after < windowFloor) {
                return false;
            }
            List<F> missed = new ArrayList<>();
            for (Rendered<F> rendered : recent) {
                if (rendered.sequence() > after) {
                    missed.add(rendered.frame());
                }
            }
            if (missed.size() > subscriber.room()) {
                return false;
            }
            for (F frame : missed) {
                if (!subscriber.send(frame)) {
                    return true; // ended: the caller sees it
                }
            }
            goLive(subscriber, position);
            return true;
        }

        private void goLive(Subscriber subscriber, long deliverAfter) {
            subscriber.deliverAfter = deliverAfter;
            live.add(subscriber);
        }

        private F snapshot() {
            if (snapshot == null) {
                snapshot = renderer.snapshot(model, position);
            }
            return snapshot;
        }

        private Optional<F> timedOut() {
            if (timedOut == null) {
                List<OperationView> operations = model.operations().stream()
                        .filter(o -> o.state() == OperationState.TIMED_OUT)
                        .toList();
                timedOut = operations.isEmpty() ? Optional.empty() : Optional.of(renderer.expired(operations, model));
            }
            return timedOut;
        }

        /** Under the lock: the model changed. */
        private void changed(EnvironmentReadModel next) {
            model = next;
            snapshot = null;
            timedOut = null;
        }

        private void run() {
            boolean failed = false;
            try {
                Subscription started = spine.follow(environment.org(), startPosition, filter, inbox::add);
                synchronized (this) {
                    if (closed) {
                        started.close();
                        return;
                    }
                    follow = started;
                }
                while (!isClosed()) {
                    SpineMessage message = inbox.poll(tickNanos, TimeUnit.NANOSECONDS);
                    while (message != null && message != WAKE_UP && !isClosed()) {
                        handle(message);
                        message = inbox.poll();
                    }
                    expire();
                    heartbeats();
                }
            } catch (InterruptedException e) {
                // closed while waiting
            } catch (RuntimeException e) {
                if (!isClosed()) {
                    failed = true;
                    LOGGER.warn(
                            "Hub failed org={} environment={}: its clients are told to reconnect",
                            environment.org(),
                            environment.env(),
                            e);
                }
            } finally {
                if (failed) {
                    fail();
                }
                closeFollow();
            }
        }

        private synchronized boolean isClosed() {
            return closed;
        }

        /** Folds, renders and dispatches one message of the follow. */
        private void handle(SpineMessage message) {
            long sequence = message.sequence();
            if (sequence <= position) {
                return;
            }
            Optional<CatalystEvent> decoded = EventMessages.decode(message);
            if (decoded.isEmpty()) {
                synchronized (this) {
                    position = sequence;
                }
                return;
            }
            CatalystEvent event = decoded.get();
            EnvironmentReadModel next = projection.apply(model, event, sequence);
            F frame = renderer.event(sequence, event, next);
            List<Subscriber> ended = new ArrayList<>();
            synchronized (this) {
                changed(next);
                position = sequence;
                recent.addLast(new Rendered<>(sequence, frame));
                if (recent.size() > window) {
                    windowFloor = recent.removeFirst().sequence();
                }
                for (Subscriber subscriber : live) {
                    if (sequence > subscriber.deliverAfter && !subscriber.send(frame)) {
                        ended.add(subscriber);
                    }
                }
                ended.forEach(this::remove);
            }
            ended.forEach(Subscriber::ended);
            closeIfEmpty();
        }

        /** Sends the operations that timed out since the last look. */
        private void expire() {
            EnvironmentReadModel before = model;
            EnvironmentReadModel expired = projection.expire(before, clock.instant());
            if (expired == before) {
                return;
            }
            List<OperationView> newlyTimedOut = expired.operations().stream()
                    .filter(o -> o.state() == OperationState.TIMED_OUT
                            && before.operation(o.operationId())
                                    .map(was -> was.state() != OperationState.TIMED_OUT)
                                    .orElse(true))
                    .toList();
            F frame = renderer.expired(newlyTimedOut, expired);
            dispatch(frame, () -> changed(expired), subscriber -> true);
        }

        private void heartbeats() {
            long now = System.nanoTime();
            dispatch(heartbeat, () -> {}, subscriber -> now - subscriber.lastSent >= heartbeatNanos);
        }

        private void dispatch(F frame, Runnable underLock, Predicate<Subscriber> to) {
            List<Subscriber> ended = new ArrayList<>();
            synchronized (this) {
                underLock.run();
                for (Subscriber subscriber : live) {
                    if (to.test(subscriber) && !subscriber.send(frame)) {
                        ended.add(subscriber);
                    }
                }
                ended.forEach(this::remove);
            }
            ended.forEach(Subscriber::ended);
            closeIfEmpty();
        }

        /** Under the lock. */
        private void remove(Subscriber subscriber) {
            live.remove(subscriber);
            members.remove(subscriber);
        }

        /** A subscriber left (closed, or ended on its own thread). */
        void leave(Subscriber subscriber) {
            synchronized (this) {
                remove(subscriber);
            }
            closeIfEmpty();
        }

        /** Closes the hub once its last member left. */
        private void closeIfEmpty() {
            synchronized (this) {
                if (closed || !members.isEmpty()) {
                    return;
                }
                closed = true;
            }
            stop();
        }

        /** The spine failed: every member is told to reconnect. */
        private void fail() {
            List<Subscriber> all = closeMembership();
            hubs.remove(environment, this);
            all.forEach(subscriber -> {
                if (subscriber.end(true)) {
                    subscriber.ended();
                }
            });
        }

        /** Fan-out closing: every member ends without an overflow. */
        void close() {
            closeMembership().forEach(subscriber -> subscriber.end(false));
            stop();
        }

        /** Closes the hub to new members and takes the ones it has, to be ended outside its lock. */
        private synchronized List<Subscriber> closeMembership() {
            closed = true;
            List<Subscriber> all = List.copyOf(members);
            members.clear();
            live.clear();
            return all;
        }

        private void stop() {
            hubs.remove(environment, this);
            // not an interrupt: the thread may be inside the spine (H2 closes its files on one)
            inbox.add(WAKE_UP);
            closeFollow();
        }

        private void closeFollow() {
            Subscription toClose;
            synchronized (this) {
                toClose = follow;
                follow = null;
            }
            if (toClose != null) {
                toClose.close();
            }
        }
    }

    /** One subscription: what it may still queue, where the hub's frames start for it, its catching up. */
    private final class Subscriber implements Subscription {
        private final Hub hub;
        private final int bufferLimit;
        private final Sink<F> sink;
        /** Frames sent and not yet written. */
        private final AtomicInteger pending = new AtomicInteger();

        /** The hub's frames of events up to this sequence are not for this subscriber (guarded by the hub's lock). */
        long deliverAfter;

        private volatile long lastSent = System.nanoTime();
        private volatile Thread catchingUp;
        // guarded by this
        private boolean ended;
        private boolean overflowed;

        Subscriber(Hub hub, int bufferLimit, Sink<F> sink) {
            this.hub = hub;
            this.bufferLimit = bufferLimit;
            this.sink = sink;
        }

        /** How many frames may still be queued. */
        int room() {
            return bufferLimit - pending.get();
        }

        /**
         * Queues {@code frame}; false if the subscription is over (or now overflowed, or the sink threw): the caller
         * removes it from the hub and calls {@link #ended()}.
         */
        synchronized boolean send(F frame) {
            if (ended) {
                return false;
            }
            if (pending.get() >= bufferLimit) {
                ended = true;
                overflowed = true;
                LOGGER.info(
                        "Subscriber too slow, disconnecting org={} environment={} bufferLimit={}",
                        hub.environment.org(),
                        hub.environment.env(),
                        bufferLimit);
                return false;
            }
            pending.incrementAndGet();
            lastSent = System.nanoTime();
            try {
                sink.send(frame, this::written);
            } catch (RuntimeException e) {
                ended = true;
                LOGGER.debug(
                        "Sink failed, closing the subscription org={} environment={}",
                        hub.environment.org(),
                        hub.environment.env(),
                        e);
                return false;
            }
            return true;
        }

        private void written() {
            pending.decrementAndGet();
            Thread waiting = catchingUp;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }

        /** Ends the subscription (once): whether this call ended it. */
        synchronized boolean end(boolean overflow) {
            if (ended) {
                return false;
            }
            ended = true;
            overflowed = overflow;
            return true;
        }

        synchronized boolean isOver() {
            return ended;
        }

        /** After it was removed from the hub: tells an overflowed sink. Outside any lock. */
        void ended() {
            boolean overflow;
            synchronized (this) {
                overflow = overflowed;
            }
            Thread thread = catchingUp;
            if (thread != null && thread != Thread.currentThread()) {
                LockSupport.unpark(thread);
            }
            if (overflow) {
                try {
                    sink.overflow();
                } catch (RuntimeException e) {
                    LOGGER.debug(
                            "Sink failed on overflow org={} environment={}",
                            hub.environment.org(),
                            hub.environment.env(),
                            e);
                }
            }
        }

        /** Starts catching up on stored events after {@code after}, from {@code base} (the hub's model). */
        void catchUp(EnvironmentReadModel base, long after) {
            Thread thread = Thread.ofVirtual()
                    .name("fanout-catch-up-" + hub.environment.org() + "-" + hub.environment.env() + "-"
                            + ids.incrementAndGet())
                    .unstarted(() -> runCatchUp(base, after));
            catchingUp = thread;
            thread.start();
        }

        /**
         * Reads the stored events after {@code after} page by page at the sink's pace, folding them into its own model
         * from {@code base}; once a page comes back short, joins the hub's live feed at the exact sequence reached
         * (or reads on, if the hub moved on too far meanwhile).
         */
        private void runCatchUp(EnvironmentReadModel base, long after) {
            EnvironmentReadModel model = base;
            long position = Math.min(after, base.lastSequence());
            try {
                while (!isOver()) {
                    List<SpineMessage> page = spine.read(hub.environment.org(), position, hub.filter, CATCH_UP_PAGE);
                    for (SpineMessage message : page) {
                        if (isOver()) {
                            return;
                        }
                        position = message.sequence();
                        Optional<CatalystEvent> decoded = EventMessages.decode(message);
                        if (decoded.isEmpty()) {
                            continue;
                        }
                        model = projection.apply(model, decoded.get(), position);
                        if (position > after) {
                            awaitRoom();
                            if (!send(renderer.event(position, decoded.get(), model))) {
                                finish();
                                return;
                            }
                        }
                    }
                    if (page.size() < CATCH_UP_PAGE && joinLive(Math.max(position, after))) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                if (end(true)) {
                    LOGGER.warn(
                            "Catching up failed org={} environment={}: the client is told to reconnect",
                            hub.environment.org(),
                            hub.environment.env(),
                            e);
                }
                finish();
            } finally {
                catchingUp = null;
            }
        }

        /** Hands over to the hub's live feed after {@code reached}; false if it must read on. */
        private boolean joinLive(long reached) {
            boolean handedOver;
            synchronized (hub) {
                if (isOver() || hub.closed) {
                    handedOver = true;
                } else {
                    handedOver = hub.handOver(this, reached);
                }
            }
            if (handedOver && isOver()) {
                finish();
            }
            return handedOver;
        }

        /** Leaves the hub after ending on this thread. */
        private void finish() {
            hub.leave(this);
            ended();
        }

        private void awaitRoom() {
            while (pending.get() >= bufferLimit && !isOver()) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
            }
        }

        @Override
        public void close() {
            if (!end(false)) {
                return;
            }
            hub.leave(this);
            Thread thread = catchingUp;
            if (thread != null && thread != Thread.currentThread()) {
                LockSupport.unpark(thread);
            }
        }
    }
}
