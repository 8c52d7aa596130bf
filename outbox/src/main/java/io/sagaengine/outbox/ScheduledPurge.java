package io.sagaengine.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;

/**
 * Runs a {@link BoundedPurge} on a thread of its own every interval, the first time one interval after start. A run
 * that fails is logged and tried again at the next one.
 */
public final class ScheduledPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScheduledPurge.class);

    private final String threadName;
    private final BoundedPurge purge;
    private final Duration every;
    private final boolean enabled;
    private final Object[] arguments;
    private PeriodicTask task;

    /**
     * @param enabled   false: never runs on its own (a retention of zero keeps the rows forever)
     * @param arguments the purge condition's parameters, the same for every run (a cutoff such as
     *                  {@code now() - make_interval(secs => ?)} is computed by the database)
     */
    public ScheduledPurge(String threadName, BoundedPurge purge, Duration every, boolean enabled,
                          Object... arguments) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the interval of " + threadName + " must be positive");
        }
        this.threadName = threadName;
        this.purge = purge;
        this.every = every;
        this.enabled = enabled;
        this.arguments = arguments.clone();
    }

    /** One run now, on the caller's thread. */
    public BoundedPurge.Run runOnce() {
        return purge.run(arguments);
    }

    /** The statement one batch runs: the condition's parameters, then the batch size. */
    public String batchStatement() {
        return purge.batchStatement();
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                log.warn("{} failed; trying again in {}", threadName, every, e);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (task == null && enabled) {
            task = PeriodicTask.start(threadName, every, this::runQuietly);
        }
    }

    @Override
    public synchronized void stop() {
        if (task != null) {
            task.stopNow();
            task = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return task != null;
    }
}
