package io.sagaengine.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Work run in a savepoint of the current transaction, so that a failure undoes only its own writes: what several
 * messages applied in one transaction need. A savepoint that rolls back also takes with it what its work registered
 * to run when the transaction ends (after commit, say): each such synchronization is told it rolled back and is
 * dropped, so it never runs as if its writes had committed. Spring leaves them in the transaction.
 *
 * <p>Outbox rows appended in a transaction that uses savepoints are collected and written with one statement just
 * before the commit; those of a savepoint that rolls back are dropped with it. Work inside a savepoint that opens
 * savepoints of its own uses this class for them too (a savepoint opened directly with Spring's
 * {@code PROPAGATION_NESTED} there would not drop its outbox rows on rollback).
 */
public final class Savepoints {

    private static final Logger log = LoggerFactory.getLogger(Savepoints.class);

    private final TransactionTemplate nested;

    public Savepoints(PlatformTransactionManager transactionManager) {
        this.nested = new TransactionTemplate(transactionManager);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Runs {@code work} in a savepoint (in a transaction of its own outside one). */
    public <T> T execute(Supplier<T> work) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return nested.execute(status -> work.get());
        }
        PendingOutboxRows outboxRows = PendingOutboxRows.collect();
        int outboxRowsBefore = outboxRows.size();
        List<TransactionSynchronization> before = TransactionSynchronizationManager.getSynchronizations();
        try {
            return nested.execute(status -> work.get());
        } catch (RuntimeException | Error e) {
            outboxRows.truncate(outboxRowsBefore);
            forgetSynchronizationsSince(before);
            throw e;
        }
    }

    private static void forgetSynchronizationsSince(List<TransactionSynchronization> before) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        List<TransactionSynchronization> now = TransactionSynchronizationManager.getSynchronizations();
        if (now.size() == before.size()) {
            return;
        }
        Set<TransactionSynchronization> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(before);
        TransactionSynchronizationManager.clearSynchronization();
        TransactionSynchronizationManager.initSynchronization();
        before.forEach(TransactionSynchronizationManager::registerSynchronization);
        for (TransactionSynchronization dropped : now) {
            if (!kept.contains(dropped)) {
                try {
                    dropped.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK);
                } catch (RuntimeException e) {
                    log.warn("A synchronization of work undone in its savepoint failed after completion", e);
                }
            }
        }
    }
}
