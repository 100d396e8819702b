package io.openova.catalyst.projector;

import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.event.CatalystEvent;
import io.openova.catalyst.spine.Delivery;
import io.openova.catalyst.spine.DurableConsumer;
import io.openova.catalyst.spine.EventSpine;
import io.openova.catalyst.spine.Names;
import io.openova.catalyst.spine.SpineMessage;
import io.openova.catalyst.spine.Subjects;
import io.openova.catalyst.spine.Subscription;
import io.openova.catalyst.spine.events.EventCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each Organization's stream into per-Environment read models (docs/events.md, "Read models (projector)").
 *
 * <p>Per started Organization it runs the durable consumer {@value #CONSUMER} on {@code catalyst.<org>.>}: each message
 * is decoded, folded by the {@link Projection} into its Environment's model, written to the {@link ReadModelStore}
 * and only then acknowledged, so a crash between write and ack redelivers a message the model already holds, which
 * the fold ignores (its sequence is not after the model's {@code lastSequence}). A message that cannot be decoded or
 * folded is parked with its error ({@link ReadModelStore#park}) and acknowledged: it never blocks the stream.
 *
 * <p>On {@link #start}, read models are rebuilt from the stream (read in pages from the first message) when the
 * Organization has events but no read model, when a rebuild was interrupted, and for each Environment whose stored
 * model cannot be read (another format). A timeout sweep runs every sweep interval on the started Organizations;
 * queries apply the timeout as of the injected clock too, so no read shows an operation in progress past its deadline.
 *
 * <p>Thread-safe. The spine and the store are not closed by {@link #close()}: whoever made them closes them.
 */
public final class Projector implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Projector.class);

    /** The durable consumer of each Organization. */
    public static final String CONSUMER = "projector";
    /** How often started Organizations are swept for timed-out operations unless another interval is given. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final EventSpine spine;
    private final ReadModelStore store;
    private final Projection projection;
    private final Clock clock;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Map<String, Subscription> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private volatile boolean closed;

    /** A projector sweeping every {@link #DEFAULT_SWEEP_INTERVAL}. */
    public Projector(EventSpine spine, ReadModelStore store, Projection projection, Clock clock) {
        this(spine, store, projection, clock, DEFAULT_SWEEP_INTERVAL);
    }

    /**
     * @param clock judges operation timeouts, in the sweep and in queries
     * @param sweepInterval how often started Organizations are swept for timed-out operations, positive
     */
    public Projector(
            EventSpine spine, ReadModelStore store, Projection projection, Clock clock, Duration sweepInterval) {
        this.spine = Objects.requireNonNull(spine, "spine");
        this.store = Objects.requireNonNull(store, "store");
        this.projection = Objects.requireNonNull(projection, "projection");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("sweep interval must be a positive duration, was " + sweepInterval);
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("projector-sweep").factory());
        long millis = sweepInterval.toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The fold this projector uses (the {@link Fanout} must use the same). */
    public Projection projection() {
        return projection;
    }

    /**
     * Starts projecting {@code organization}: rebuilds its read models first where they are missing or unreadable
     * (see the class comment), then subscribes its durable consumer. Blocks for the rebuild.
     *
     * @return {@code false} if it was already started
     * @throws IllegalStateException if the projector is closed
     */
    public boolean start(String organization) {
        Names.requireOrganization(organization);
        lifecycle.lock();
        try {
            requireOpen();
            if (running.containsKey(organization)) {
                return false;
            }
            prepare(organization);
            Subscription subscription = spine.subscribe(
                    DurableConsumer.of(organization, CONSUMER, Subjects.all(organization)),
                    delivery -> onDelivery(organization, delivery));
            running.put(organization, subscription);
            LOGGER.info("Projector started org={}", organization);
            return true;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Stops projecting {@code organization}; its read models stay, and a later {@link #start} goes on where the
     * consumer's acknowledgements left off.
     *
     * @return {@code false} if it was not started
     */
    public boolean stop(String organization) {
        lifecycle.lock();
        try {
            Subscription subscription = running.remove(organization);
            if (subscription == null) {
                return false;
            }
            subscription.close();
            LOGGER.info("Projector stopped org={}", organization);
            return true;
        } finally {
            lifecycle.unlock();
        }
    }

    /** The started Organizations, sorted. */
    public Set<String> organizations() {
        return new TreeSet<>(running.keySet());
    }

    /**
     * Throws away every read model of {@code organization} and rebuilds them from its stream, stopping and starting
     * its consumer around the rebuild if it was started.
     *
     * @return how many events were folded
     */
    public long rebuild(String organization) {
        Names.requireOrganization(organization);
        lifecycle.lock();
        try {
            requireOpen();
            boolean wasRunning = stop(organization);
            store.clear(organization);
            long folded = rebuildAll(organization);
            if (wasRunning) {
                start(organization);
            }
            return folded;
        } finally {
            lifecycle.unlock();
        }
    }

    /**
     * Times out, in the stored models of {@code organization}, the operations past their deadline as of the clock
     * (the sweep does this every sweep interval for started Organizations).
     *
     * @return how many operations timed out
     */
    public int expire(String organization) {
        Instant now = clock.instant();
        int total = 0;
        for (EnvironmentRef environment : store.environments(organization)) {
            AtomicInteger timedOut = new AtomicInteger();
            try {
                store.update(environment, model -> {
                    EnvironmentReadModel expired = projection.expire(model, now);
                    timedOut.set(count(expired, OperationState.TIMED_OUT) - count(model, OperationState.TIMED_OUT));
                    return expired;
                });
            } catch (UnreadableReadModelException e) {
                LOGGER.warn(
                        "Timeout sweep skipped an unreadable read model org={} environment={}",
                        organization,
                        environment.env(),
                        e);
                continue;
            }
            if (timedOut.get() > 0) {
                LOGGER.info(
                        "Operations timed out org={} environment={} count={}",
                        organization,
                        environment.env(),
                        timedOut.get());
            }
            total += timedOut.get();
        }
        return total;
    }

    /** The read model of {@code environment} as of the clock (timeouts applied), empty if no event reached it. */
    public Optional<EnvironmentReadModel> environment(EnvironmentRef environment) {
        Instant now = clock.instant();
        return store.get(environment).map(model -> projection.expire(model, now));
    }

    /** The Applications of {@code environment}, sorted by name; empty if it has none. */
    public List<ApplicationView> applications(EnvironmentRef environment) {
        return environment(environment).map(EnvironmentReadModel::applications).orElse(List.of());
    }

    public Optional<ApplicationView> application(EnvironmentRef environment, String name) {
        return environment(environment).flatMap(model -> model.application(name));
    }

    /** The operation history of {@code environment}, oldest first; empty if it has none. */
    public List<OperationView> operations(EnvironmentRef environment) {
        return environment(environment).map(EnvironmentReadModel::operations).orElse(List.of());
    }

    public Optional<OperationView> operation(EnvironmentRef environment, String operationId) {
        return environment(environment).flatMap(model -> model.operation(operationId));
    }

    /** Stops every Organization and the sweep; the spine and the store stay open. */
    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            List.copyOf(running.keySet()).forEach(this::stop);
        } finally {
            lifecycle.unlock();
        }
        sweeper.shutdownNow();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the projector is closed");
        }
    }

    private void onDelivery(String organization, Delivery delivery) {
        SpineMessage message = delivery.message();
        if (Subjects.isOrganizationWide(message.subject())) {
            delivery.ack();
            return;
        }
        java.util.concurrent.atomic.AtomicReference<String> problem =
                new java.util.concurrent.atomic.AtomicReference<>();
        Optional<CatalystEvent> decoded = EventMessages.decode(message, problem::set);
        if (decoded.isEmpty()) {
            store.park(message, problem.get() == null ? "not an event" : problem.get());
        } else {
            CatalystEvent event = decoded.get();
            EnvironmentRef environment = event.meta().environment();
            try {
                store.update(environment, model -> projection.apply(model, event, message.sequence()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOGGER.warn(
                        "Parking an event the projection cannot fold org={} sequence={}",
                        organization,
                        message.sequence(),
                        e);
                store.park(message, "cannot be folded: " + e.getMessage());
            } catch (UnreadableReadModelException e) {
                LOGGER.warn(
                        "Read model unreadable, rebuilding it org={} environment={}",
                        organization,
                        environment.env(),
                        e);
                rebuildEnvironment(environment);
            }
        }
        delivery.ack();
    }

    private void prepare(String organization) {
        if (spine.lastSequence(organization) == 0) {
            return;
        }
        List<EnvironmentRef> environments = store.environments(organization);
        if (environments.isEmpty() || store.isRebuilding(organization)) {
            rebuildAll(organization);
            return;
        }
        for (EnvironmentRef environment : environments) {
            try {
                store.get(environment);
            } catch (UnreadableReadModelException e) {
                LOGGER.warn(
                        "Read model unreadable, rebuilding it org={} environment={}: {}",
                        organization,
                        environment.env(),
                        e.getMessage());
                rebuildEnvironment(environment);
            }
        }
    }

    /** Rebuilds every read model of {@code organization} from its stream; returns how many events were folded. */
    private long rebuildAll(String organization) {
        LOGGER.info("Rebuilding read models from the stream org={}", organization);
        store.beginRebuild(organization);
        Map<EnvironmentRef, EnvironmentReadModel> models = new HashMap<>();
        long folded = replay(organization, Subjects.all(organization), models);
        models.values().forEach(this::write);
        store.endRebuild(organization);
        LOGGER.info("Rebuilt read models org={} environments={} events={}", organization, models.size(), folded);
        return folded;
    }

    private void rebuildEnvironment(EnvironmentRef environment) {
        Map<EnvironmentRef, EnvironmentReadModel> models = new HashMap<>();
        replay(environment.org(), EventCodec.environmentFilter(environment), models);
        store.delete(environment);
        write(models.getOrDefault(environment, EnvironmentReadModel.empty(environment)));
    }

    /** Folds the stream of {@code organization} matching {@code filter} into {@code models}, page by page. */
    private long replay(String organization, String filter, Map<EnvironmentRef, EnvironmentReadModel> models) {
        long after = 0;
        long folded = 0;
        while (true) {
            List<SpineMessage> page = spine.read(organization, after, filter, EventSpine.MAX_READ);
            for (SpineMessage message : page) {
                after = message.sequence();
                if (Subjects.isOrganizationWide(message.subject())) {
                    continue;
                }
                Optional<CatalystEvent> event = EventMessages.decode(message);
                if (event.isPresent()) {
                    EnvironmentRef environment = event.get().meta().environment();
                    models.put(
                            environment,
                            projection.apply(
                                    models.getOrDefault(environment, EnvironmentReadModel.empty(environment)),
                                    event.get(),
                                    message.sequence()));
                    folded++;
                }
            }
            if (page.size() < EventSpine.MAX_READ) {
                return folded;
            }
        }
    }

    /** Stores a rebuilt model unless the store already holds a model at least as far along. */
    private void write(EnvironmentReadModel rebuilt) {
        if (rebuilt.isEmpty()) {
            return;
        }
        EnvironmentReadModel expired = projection.expire(rebuilt, clock.instant());
        try {
            store.update(
                    rebuilt.environment(),
                    current -> current.lastSequence() >= expired.lastSequence() ? current : expired);
        } catch (UnreadableReadModelException e) {
            store.delete(rebuilt.environment());
            store.update(
                    rebuilt.environment(),
                    current -> current.lastSequence() >= expired.lastSequence() ? current : expired);
        }
    }

    private void sweepAll() {
        for (String organization : organizations()) {
            try {
                expire(organization);
            } catch (RuntimeException e) {
                LOGGER.warn("Timeout sweep failed org={}", organization, e);
            }
        }
    }

    private static int count(EnvironmentReadModel model, OperationState state) {
        return (int) model.operations().stream().filter(o -> o.state() == state).count();
    }
}
