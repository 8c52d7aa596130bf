package io.sagaengine.outbox;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Outbox rows of a transaction that applies several messages, a {@link Savepoints savepoint} each: they are written
 * together, in the order they were appended, just before the commit, so a batch of N messages writes its rows with
 * one statement instead of N. Rows appended inside a savepoint that rolls back are dropped with it
 * ({@link #truncate}). Registered as a synchronization of the transaction, so a transaction suspended for another
 * (REQUIRES_NEW) never sees it: rows appended there are written at once, in their own transaction.
 */
final class PendingOutboxRows implements TransactionSynchronization {

    private record Row(JdbcOutbox outbox, OutboxMessage message) {
    }

    private final List<Row> rows = new ArrayList<>();

    /** The pending rows of the current transaction, or null when its rows are written at once. */
    static PendingOutboxRows current() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        for (TransactionSynchronization s : TransactionSynchronizationManager.getSynchronizations()) {
            if (s instanceof PendingOutboxRows pending) {
                return pending;
            }
        }
        return null;
    }

    /** The pending rows of the current transaction, from now on collected until its commit. */
    static PendingOutboxRows collect() {
        PendingOutboxRows pending = current();
        if (pending == null) {
            pending = new PendingOutboxRows();
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        return pending;
    }

    void add(JdbcOutbox outbox, List<OutboxMessage> messages) {
        for (OutboxMessage m : messages) {
            rows.add(new Row(outbox, m));
        }
    }

    int size() {
        return rows.size();
    }

    /** Drops the rows appended since {@code size} was {@code mark}: their savepoint rolled back. */
    void truncate(int mark) {
        rows.subList(mark, rows.size()).clear();
    }

    /** Written before the commit, so a failure here rolls the whole transaction back. */
    @Override
    public void beforeCommit(boolean readOnly) {
        int from = 0;
        while (from < rows.size()) {
            JdbcOutbox outbox = rows.get(from).outbox();
            int to = from;
            List<OutboxMessage> run = new ArrayList<>();
            while (to < rows.size() && rows.get(to).outbox() == outbox) {
                run.add(rows.get(to++).message());
            }
            outbox.write(run);
            from = to;
        }
        rows.clear();
    }

    @Override
    public int getOrder() {
        // written before other before-commit work, which may expect the rows in place
        return HIGHEST_PRECEDENCE;
    }
}
