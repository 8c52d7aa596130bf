package io.sagaengine.engine;

import io.sagaengine.outbox.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Deletes sagas that finished longer ago than the retention, with their history and (through the
 * {@link SagaPurgeListener}s) the application's rows of them, on a thread of its own. Each batch is one short
 * transaction that locks its sagas with SKIP LOCKED: inputs being handled are never waited for, and purgers on
 * several instances at once take disjoint batches.
 */
final class SagaPurger implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SagaPurger.class);

    private final JdbcSagaPurge purge;
    private final SagaTransactions transactions;
    private final Supplier<? extends Iterable<SagaPurgeListener>> listeners;
    private final Supplier<? extends Iterable<SagaEngineObserver>> observers;
    private final Clock clock;
    private final SagaEngineProperties.Retention settings;
    private PeriodicTask task;
    private volatile boolean stopped;

    SagaPurger(JdbcSagaPurge purge, SagaTransactions transactions,
               Supplier<? extends Iterable<SagaPurgeListener>> listeners,
               Supplier<? extends Iterable<SagaEngineObserver>> observers, Clock clock,
               SagaEngineProperties.Retention settings) {
        this.purge = purge;
        this.transactions = transactions;
        this.listeners = listeners;
        this.observers = observers;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        if (task != null) {
            return;
        }
        if (!settings.purges()) {
            log.info("Finished sagas are kept forever (saga.engine.retention.finished-sagas is 0)");
            return;
        }
        stopped = false;
        task = PeriodicTask.start("saga-purge", settings.purgeInterval(), this::purgeQuietly);
    }

    private void purgeQuietly() {
        try {
            purgeFinished();
        } catch (RuntimeException e) {
            log.warn("Purging finished sagas failed; trying again in {}", settings.purgeInterval(), e);
        }
    }

    /** One run: batch after batch until no saga finished before the retention is left; returns how many went. */
    int purgeFinished() {
        Instant cutoff = clock.instant().minus(settings.finishedSagas());
        int total = 0;
        int batch;
        do {
            batch = purgeBatch(cutoff);
            total += batch;
        } while (batch >= settings.batchSize() && !stopped);
        if (total > 0) {
            log.info("Purged {} saga(s) finished before {} with their history; oldest finished saga kept: {}",
                    total, cutoff, purge.oldestFinished().map(Instant::toString).orElse("none"));
        }
        return total;
    }

    /** One transaction: up to a batch of sagas finished before {@code cutoff}, with what belongs to them. */
    int purgeBatch(Instant cutoff) {
        Map<String, Integer> purged = transactions.inTransaction(() -> {
            List<JdbcSagaPurge.Finished> finished = purge.lockFinishedBefore(cutoff, settings.batchSize());
            if (finished.isEmpty()) {
                return Map.<String, Integer>of();
            }
            Map<String, List<UUID>> byType = finished.stream().collect(Collectors.groupingBy(
                    JdbcSagaPurge.Finished::type, LinkedHashMap::new,
                    Collectors.mapping(JdbcSagaPurge.Finished::id, Collectors.toList())));
            for (SagaPurgeListener listener : listeners.get()) {
                byType.forEach(listener::beforePurge);
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            byType.forEach((type, ids) -> counts.put(type, purge.delete(ids)));
            return counts;
        });
        purged.forEach((type, count) -> tellObservers(observers.get(), o -> o.sagasPurged(type, count)));
        return purged.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Tells each observer what a purge deleted; one that throws is logged and skipped. */
    static void tellObservers(Iterable<SagaEngineObserver> observers, Consumer<SagaEngineObserver> call) {
        for (SagaEngineObserver observer : observers) {
            try {
                call.accept(observer);
            } catch (RuntimeException e) {
                log.warn("Saga engine observer {} failed on a purge; ignored", observer.getClass().getName(), e);
            }
        }
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (task != null) {
            task.stop();
            task = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return task != null;
    }
}
