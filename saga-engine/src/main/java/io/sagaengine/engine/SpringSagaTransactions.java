package io.sagaengine.engine;

import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.function.Supplier;

final class SpringSagaTransactions implements SagaTransactions {

    private final TransactionTemplate required;
    private final TransactionTemplate nested;

    SpringSagaTransactions(PlatformTransactionManager transactionManager) {
        this.required = new TransactionTemplate(transactionManager);
        this.nested = new TransactionTemplate(transactionManager);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return required.execute(status -> work.get());
    }

    /**
     * A savepoint that rolls back takes with it whatever was registered to run after the commit since it was set
     * (the engine's reports, a status listener's own synchronizations): they belong to writes that were undone.
     */
    @Override
    public <T> T inSavepoint(Supplier<T> work) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return nested.execute(status -> work.get());
        }
        List<TransactionSynchronization> before = TransactionSynchronizationManager.getSynchronizations();
        try {
            return nested.execute(status -> work.get());
        } catch (RuntimeException | Error e) {
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.clearSynchronization();
                TransactionSynchronizationManager.initSynchronization();
                before.forEach(TransactionSynchronizationManager::registerSynchronization);
            }
            throw e;
        }
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
