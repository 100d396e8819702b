package io.openova.catalyst.spine.embedded;

import io.openova.catalyst.spine.Subscription;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription served by a virtual thread of its own, which calls the subscriber's callbacks one at a time. Closing
 * it wakes the thread and waits for it to finish (unless a callback closes its own subscription), so no callback
 * starts after {@link #close()} returns.
 */
abstract class Worker implements Subscription {
    private static final Logger LOGGER = LoggerFactory.getLogger(Worker.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final Thread thread;
    private volatile boolean closed;

    Worker(String threadName) {
        this.thread = Thread.ofVirtual().name(threadName).unstarted(this::runLoop);
    }

    final void start() {
        thread.start();
    }

    final boolean isClosed() {
        return closed;
    }

    /** Delivers until {@link #isClosed()}; returns or throws {@link InterruptedException} to stop. */
    abstract void loop() throws InterruptedException;

    /** Wakes the thread from whatever it waits on, so that it sees {@link #isClosed()}. */
    abstract void wake();

    /** Called once when closed, after the thread finished (or the wait for it timed out). */
    abstract void afterClose();

    private void runLoop() {
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                LOGGER.error("Subscription stopped by an unexpected error thread={}", thread.getName(), e);
            }
        }
    }

    @Override
    public final void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        wake();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                if (!thread.join(JOIN_TIMEOUT)) {
                    LOGGER.warn(
                            "Subscription callback still running after close thread={} waited={}",
                            thread.getName(),
                            JOIN_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        afterClose();
    }
}
