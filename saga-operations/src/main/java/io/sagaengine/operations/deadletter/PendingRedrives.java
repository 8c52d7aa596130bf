package io.sagaengine.operations.deadletter;

import io.sagaengine.outbox.PeriodicTask;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Publishes re-drives left pending: the instance that recorded one crashed before Kafka acknowledged it, or Kafka
 * was away. Only re-drives older than {@code grace} are taken, so a request still waiting for its acknowledgement
 * is left alone; each is locked while it is published, so two instances never take the same one at once.
 */
final class PendingRedrives implements SmartLifecycle {

    static final int BATCH = 50;

    private static final Logger log = LoggerFactory.getLogger(PendingRedrives.class);

    private final RedriveLog redrives;
    private final RedrivePublisher publisher;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Duration grace;
    private final Duration interval;
    private PeriodicTask scheduler;
    private volatile boolean running;

    PendingRedrives(RedriveLog redrives, RedrivePublisher publisher, TransactionOperations transactions, Clock clock,
                    Duration grace, Duration interval) {
        this.redrives = redrives;
        this.publisher = publisher;
        this.transactions = transactions;
        this.clock = clock;
        this.grace = grace;
        this.interval = interval;
    }

    /** Publishes one batch of pending re-drives; returns how many were published. */
    int publishPending() {
        Integer published = transactions.execute(status -> {
            List<RedriveLog.Pending> pending = redrives.lockPendingBefore(clock.instant().minus(grace), BATCH);
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            pending.forEach(p -> sends.add(publisher.send(p.record())));
            int count = 0;
            for (int i = 0; i < pending.size(); i++) {
                long id = pending.get(i).redrive().id();
                try {
                    RecordMetadata sent = publisher.acknowledged(sends.get(i));
                    redrives.published(id, sent.partition(), sent.offset());
                    count++;
                } catch (KafkaUnavailableException e) {
                    redrives.failed(id, e.getMessage());
                }
            }
            return count;
        });
        return published == null ? 0 : published;
    }

    private void publishQuietly() {
        try {
            int published = publishPending();
            if (published > 0) {
                log.info("Published {} pending dead-letter re-drive(s)", published);
            }
        } catch (RuntimeException e) {
            // the next round tries again
            log.warn("Publishing pending dead-letter re-drives failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        scheduler = PeriodicTask.start("dead-letter-redrive-recovery", interval, this::publishQuietly);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.stopNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
