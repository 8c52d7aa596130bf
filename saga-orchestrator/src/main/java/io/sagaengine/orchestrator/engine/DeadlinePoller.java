package io.sagaengine.orchestrator.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fires passed deadlines: re-sends commands without reply, gives up steps and compensations whose budget is
 * spent. Safe on every instance at once: due sagas are locked with SKIP LOCKED, so each is handled once.
 */
final class DeadlinePoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadlinePoller.class);

    private final DefaultSagaEngine engine;
    private final Duration interval;
    private final int batchSize;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    DeadlinePoller(DefaultSagaEngine engine, Duration interval, int batchSize) {
        this.engine = engine;
        this.interval = interval;
        this.batchSize = batchSize;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "saga-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        running = true;
        long every = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    void poll() {
        try {
            int due;
            do {
                due = engine.fireDueDeadlines();
            } while (due >= batchSize && running);
        } catch (RuntimeException e) {
            log.warn("Firing saga deadlines failed; trying again in {}", interval, e);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException e) {
                scheduler.shutdownNow();
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
