package io.sagaengine.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds the first handler call that passes it once armed, until the test opens it: the test can then write while
 * that handler has read its saga and not yet committed.
 */
final class HandlerGate {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(1);

    /** Disarmed and closed, as before a test. */
    void reset() {
        armed.set(false);
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    void arm() {
        armed.set(true);
    }

    /** Called by the handler: holds the first call after {@link #arm()} until {@link #open()}. */
    void pass() {
        if (!armed.compareAndSet(true, false)) {
            return;
        }
        entered.countDown();
        try {
            if (!release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("gate never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether a handler reached the gate within 30 s. */
    boolean entered() throws InterruptedException {
        return entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void open() {
        release.countDown();
    }
}
