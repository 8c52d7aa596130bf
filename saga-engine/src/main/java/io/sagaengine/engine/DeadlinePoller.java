package io.sagaengine.engine;

import io.sagaengine.outbox.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * Fires passed deadlines: re-sends commands without reply, gives up steps and compensations whose budget is
 * spent; before, applies the replies other builds held for the saga types this one defines. Safe on every instance
 * at once: due sagas are locked with SKIP LOCKED, so each is handled once.
 */
final class DeadlinePoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadlinePoller.class);

    private static final Duration HELD_WARNING = Duration.ofSeconds(30);

    private final DefaultSagaEngine engine;
    private final JdbcReplyFrontier frontier;
    private final Duration interval;
    private final int batchSize;
    private long lastHeldWarningNanos;
    private long startedNanos;
    private PeriodicTask task;
    private volatile boolean running;

    DeadlinePoller(DefaultSagaEngine engine, JdbcReplyFrontier frontier, Duration interval, int batchSize) {
        this.engine = engine;
        this.frontier = frontier;
        this.interval = interval;
        this.batchSize = batchSize;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        startedNanos = System.nanoTime();
        task = PeriodicTask.start("saga-deadlines", interval, this::poll);
    }

    void poll() {
        try {
            int due;
            do {
                due = engine.fireDueDeadlines();
            } while (due >= batchSize && running);
            warnWhileHeld();
        } catch (RuntimeException e) {
            log.warn("Firing saga deadlines failed; trying again in {}", interval, e);
        }
    }

    /**
     * Once a minute while deadlines are held for long: that the outbox cannot publish, or which reply partition
     * nobody has read.
     */
    private void warnWhileHeld() {
        Duration held = engine.deadlinesHeldBy();
        long now = System.nanoTime();
        if (held.compareTo(HELD_WARNING) < 0 || now - startedNanos < HELD_WARNING.toNanos()
                || now - lastHeldWarningNanos < Duration.ofMinutes(1).toNanos()) {
            return;
        }
        lastHeldWarningNanos = now;
        Instant notPublishingSince = engine.notPublishingSince();
        if (notPublishingSince != null) {
            log.warn("Saga deadlines are held since {}: the outbox relay reports its replication slot lost, so the "
                    + "commands written since may not have reached their topics; no step is re-sent or timed out "
                    + "until it publishes again (see the relay's health for what to do)", notPublishingSince);
            return;
        }
        JdbcReplyFrontier.Lagging lagging = frontier == null ? null : frontier.lagging();
        if (lagging == null || !lagging.readThrough().isAfter(JdbcReplyFrontier.NEVER_READ)) {
            log.warn("Saga deadlines are held: {} has not been read by any orchestrator yet; steps are not timed "
                    + "out until it is (is an orchestrator reading the reply topics?)",
                    lagging == null ? "no reply partition" : "reply partition " + lagging.topic() + "-" + lagging.partition());
            return;
        }
        log.warn("Saga deadlines are held {} s behind the clock: reply partition {}-{} has been read only through {}; "
                        + "steps are not timed out until replies are read again (is an orchestrator reading them?)",
                held.toSeconds(), lagging.topic(), lagging.partition(), lagging.readThrough());
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (task != null) {
            task.stop();
            task = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
