package io.openova.catalyst.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bookkeeping of a fan-out: events {@code 0..n-1}, each sent once and to be received once by every one of a fixed
 * set of receivers. It keeps when each event was sent, when each receiver got it, and when the last receiver got it,
 * and {@link #drive drives} the senders: each sender sends its next event once every receiver got its last one, so
 * there are never more events in flight than senders, and a slow fan-out slows the senders instead of piling up.
 * Senders and receivers call it from their own threads.
 */
final class Deliveries {
    /** Sends one event (an HTTP request, a publish); throws to fail the run. */
    interface Sender {
        void send(int event) throws Exception;
    }

    private static final long NONE = Long.MIN_VALUE;

    private final int receivers;
    private final int events;
    private final long[] sentAt;
    private final long[][] receivedAt;
    private final long[] deliveredAt;
    private final AtomicIntegerArray missing;
    private final CountDownLatch[] delivered;
    private final AtomicReference<String> failure = new AtomicReference<>();

    Deliveries(int receivers, int events) {
        if (receivers < 1 || events < 1) {
            throw new IllegalArgumentException(
                    "a fan-out needs receivers and events, got " + receivers + " and " + events);
        }
        this.receivers = receivers;
        this.events = events;
        this.sentAt = new long[events];
        this.deliveredAt = new long[events];
        this.receivedAt = new long[receivers][events];
        Arrays.fill(sentAt, NONE);
        Arrays.fill(deliveredAt, NONE);
        for (long[] times : receivedAt) {
            Arrays.fill(times, NONE);
        }
        int[] all = new int[events];
        Arrays.fill(all, receivers);
        this.missing = new AtomicIntegerArray(all);
        this.delivered = new CountDownLatch[events];
        for (int e = 0; e < events; e++) {
            delivered[e] = new CountDownLatch(1);
        }
    }

    int receivers() {
        return receivers;
    }

    int events() {
        return events;
    }

    /** Records that {@code event} is sent now (call just before sending it). */
    void sent(int event, long nanos) {
        sentAt[event] = nanos;
    }

    /**
     * Records that {@code receiver} got {@code event} at {@code nanos} ({@link System#nanoTime()}). Only the receiver's
     * own thread calls this for it. An unknown event, or an event a receiver gets twice, fails the run.
     */
    void received(int receiver, int event, long nanos) {
        if (event < 0 || event >= events) {
            fail("receiver " + receiver + " got event " + event + ", which was never sent");
            return;
        }
        if (receivedAt[receiver][event] != NONE) {
            fail("receiver " + receiver + " got event " + event + " twice");
            return;
        }
        receivedAt[receiver][event] = nanos;
        if (missing.decrementAndGet(event) == 0) {
            deliveredAt[event] = nanos;
            delivered[event].countDown();
        }
    }

    /** Fails the run with {@code message} (the first failure wins); waiting senders wake up and stop. */
    void fail(String message) {
        if (failure.compareAndSet(null, message)) {
            for (CountDownLatch latch : delivered) {
                latch.countDown();
            }
        }
    }

    Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Sends events {@code from..to-1} from {@code senders} virtual threads, each taking the next event once every
     * receiver got its previous one, {@link #sent} recorded just before {@code sender} is called. Fails (with an
     * {@link IllegalStateException}) when a send throws, an event does not reach every receiver within
     * {@code timeout}, or a receiver failed.
     */
    void drive(int senders, int from, int to, Duration timeout, Sender sender) {
        AtomicInteger next = new AtomicInteger(from);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < senders; s++) {
                threads.execute(() -> {
                    for (int e = next.getAndIncrement(); e < to && failure.get() == null; e = next.getAndIncrement()) {
                        try {
                            sent(e, System.nanoTime());
                            sender.send(e);
                            if (!delivered[e].await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                                fail("event " + e + " reached " + (receivers - missing.get(e)) + " of " + receivers
                                        + " receivers within " + timeout.toMillis() + " ms; not " + missing(e));
                            }
                        } catch (InterruptedException x) {
                            Thread.currentThread().interrupt();
                            fail("interrupted while sending event " + e);
                        } catch (Exception x) {
                            fail("sending event " + e + " failed: " + x.getMessage());
                        }
                    }
                });
            }
        }
        failure().ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }

    /** The first few receivers that did not get {@code event}, and the last event each got, for the failure message. */
    private String missing(int event) {
        StringBuilder out = new StringBuilder();
        int named = 0;
        for (int r = 0; r < receivers && named < 5; r++) {
            if (receivedAt[r][event] == NONE) {
                int last = -1;
                for (int e = 0; e < events; e++) {
                    if (receivedAt[r][e] != NONE) {
                        last = e;
                    }
                }
                out.append(named++ == 0 ? "" : ", ").append("receiver ").append(r);
                out.append(" (its last event: ").append(last).append(')');
            }
        }
        return out.toString();
    }

    /**
     * The latencies of every (event, receiver) pair of events {@code from..to-1}, from sending to receipt, over the
     * phase from the first send to the last receipt. Call after {@link #drive} returned for that range.
     */
    Latencies latencies(int from, int to) {
        long[] samples = new long[(to - from) * receivers];
        int i = 0;
        for (long[] times : receivedAt) {
            for (int e = from; e < to; e++) {
                if (times[e] == NONE || sentAt[e] == NONE) {
                    throw new IllegalStateException("event " + e + " was not delivered to every receiver");
                }
                samples[i++] = times[e] - sentAt[e];
            }
        }
        return Latencies.of(samples, wallNanos(from, to));
    }

    /** From the first send to the moment the last receiver got the last of events {@code from..to-1}. */
    long wallNanos(int from, int to) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int e = from; e < to; e++) {
            first = Math.min(first, sentAt[e]);
            last = Math.max(last, deliveredAt[e]);
        }
        return last - first;
    }
}
