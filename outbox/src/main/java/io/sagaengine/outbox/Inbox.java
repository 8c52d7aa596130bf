package io.sagaengine.outbox;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Deduplicates incoming messages by message id, in the same transaction as their effect.
 */
public interface Inbox {

    /**
     * Records that {@code consumer} processed {@code messageId}, inside the caller's transaction.
     *
     * @return true the first time; false for a duplicate, in which case the caller must do nothing
     * @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction
     */
    boolean markProcessed(String consumer, UUID messageId);

    /**
     * Runs {@code effect} and records the message id in one new transaction; a duplicate is skipped.
     *
     * @return true if the effect ran, false if the message was a duplicate
     */
    boolean processOnce(String consumer, UUID messageId, Runnable effect);

    /** Like {@link #processOnce(String, UUID, Runnable)}, returning the effect's result, or null for a duplicate. */
    <T> T processOnce(String consumer, UUID messageId, Supplier<T> effect);
}
