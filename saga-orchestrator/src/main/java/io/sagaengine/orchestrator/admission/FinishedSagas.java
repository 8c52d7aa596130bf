package io.sagaengine.orchestrator.admission;

import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaStatusChange;
import io.sagaengine.engine.SagaStatusListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Frees a saga's place once the transition that ends it (or parks it for support staff) commits on this instance.
 * Sagas finished by another instance are found by {@link AdmissionTasks}' look-up in the database.
 */
final class FinishedSagas implements SagaStatusListener {

    private final SagaLimit limit;

    FinishedSagas(SagaLimit limit) {
        this.limit = limit;
    }

    @Override
    public void onStatusChange(SagaStatusChange change) {
        if (!change.to().isTerminal() && change.to() != SagaStatus.NEEDS_ATTENTION) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            limit.finished(change.sagaId());
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                limit.finished(change.sagaId());
            }
        });
    }
}
