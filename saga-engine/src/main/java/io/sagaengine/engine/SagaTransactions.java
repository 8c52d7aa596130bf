package io.sagaengine.engine;

import java.util.function.Supplier;

/** The transactions the engine runs its inputs in. */
interface SagaTransactions {

    /** Runs {@code work} in a transaction, joining the caller's if there is one. */
    <T> T inTransaction(Supplier<T> work);

    /** Runs {@code work} in a savepoint of the current transaction: a failure undoes only its own writes. */
    <T> T inSavepoint(Supplier<T> work);

    /**
     * Runs {@code action} once the current transaction has committed; never if it rolls back. Outside a
     * transaction it runs at once.
     */
    void afterCommit(Runnable action);

    /** @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction */
    void requireTransaction(String why);
}
