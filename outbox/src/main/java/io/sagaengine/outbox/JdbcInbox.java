package io.sagaengine.outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Inbox on a table with a unique (consumer, message_id). A concurrent second delivery of the same message
 * waits on the unique index until the first commits, then sees the row and skips.
 */
final class JdbcInbox implements Inbox {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    JdbcInbox(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public boolean markProcessed(String consumer, UUID messageId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException("Inbox.markProcessed must run inside the effect's transaction");
        }
        return jdbc.update("INSERT INTO inbox (consumer, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                consumer, messageId) == 1;
    }

    @Override
    public boolean processOnce(String consumer, UUID messageId, Runnable effect) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (!markProcessed(consumer, messageId)) {
                return false;
            }
            effect.run();
            return true;
        }));
    }

    @Override
    public <T> T processOnce(String consumer, UUID messageId, Supplier<T> effect) {
        return transactions.execute(status -> markProcessed(consumer, messageId) ? effect.get() : null);
    }
}
