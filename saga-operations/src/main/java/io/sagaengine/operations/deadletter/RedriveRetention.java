package io.sagaengine.operations.deadletter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the audit of published re-drives older than the retention whose record its dead-letter topic no longer
 * holds (the topic's retention deleted it): while the record is there, its audit is what refuses a second
 * re-drive and what the gauge leaves out. Pending re-drives are never deleted. Small batches, SKIP LOCKED: safe on
 * every instance at once.
 */
final class RedriveRetention implements SmartLifecycle {

    static final int BATCH = 500;

    private static final Logger log = LoggerFactory.getLogger(RedriveRetention.class);

    private final DeadLetterTopics topics;
    private final DeadLetterOffsets offsets;
    private final RedriveLog redrives;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    RedriveRetention(DeadLetterTopics topics, DeadLetterOffsets offsets, RedriveLog redrives, Clock clock,
                     Duration retention, Duration interval) {
        this.topics = topics;
        this.offsets = offsets;
        this.redrives = redrives;
        this.clock = clock;
        this.retention = retention;
        this.interval = interval;
    }

    /** One run over every dead-letter topic; returns how many re-drives were deleted. */
    int purge() {
        Instant before = clock.instant().minus(retention);
        int total = 0;
        for (String topic : topics.all()) {
            for (DeadLetterOffsets.Range range : offsets.ranges(topic)) {
                int batch;
                do {
                    batch = redrives.purgePublished(topic, range.partition(), range.begin(), before, BATCH);
                    total += batch;
                } while (batch == BATCH);
            }
        }
        if (total > 0) {
            log.info("Purged {} published dead-letter re-drive(s) recorded before {} whose record left its topic",
                    total, before);
        }
        return total;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // stopping
            }
            // Kafka away (the log start offsets are not known) or the database: the next round tries again
            log.warn("Purging dead-letter re-drives failed; trying again in {}: {}", interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null || retention.isZero()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dead-letter-redrive-retention");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
