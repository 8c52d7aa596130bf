package io.sagaengine.outbox;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread running a task with a fixed delay between runs: the pollers, watchdogs and gauges of the services
 * are built on it. A run that throws does not end the schedule only if the task catches its own failures, so tasks
 * log and swallow them.
 */
public final class PeriodicTask {

    private final ScheduledExecutorService scheduler;

    private PeriodicTask(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Runs {@code task} every {@code every}, the first time after one interval. */
    public static PeriodicTask start(String threadName, Duration every, Runnable task) {
        return start(threadName, every, every, task);
    }

    /** Runs {@code task} after {@code firstAfter}, then every {@code every}. */
    public static PeriodicTask start(String threadName, Duration firstAfter, Duration every, Runnable task) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(task, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new PeriodicTask(scheduler);
    }

    /** Lets a run in progress finish (up to 10 s), then interrupts it. */
    public void stop() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts a run in progress and runs no more. */
    public void stopNow() {
        scheduler.shutdownNow();
    }
}
