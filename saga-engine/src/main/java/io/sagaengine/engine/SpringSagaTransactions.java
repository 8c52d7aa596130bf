package io.sagaengine.engine;

import io.sagaengine.outbox.Savepoints;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

final class SpringSagaTransactions implements SagaTransactions {

    private final TransactionTemplate required;
    private final Savepoints savepoints;

    SpringSagaTransactions(PlatformTransactionManager transactionManager) {
        this.required = new TransactionTemplate(transactionManager);
        this.savepoints = new Savepoints(transactionManager);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return required.execute(status -> work.get());
    }

    /** What the savepoint's work registered to run after the commit is dropped with it ({@link Savepoints}). */
    @Override
    public <T> T inSavepoint(Supplier<T> work) {
        return savepoints.execute(work);
    }

    @Override
    public void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    @Override
    public void requireTransaction(String why) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(why);
        }
    }
}
