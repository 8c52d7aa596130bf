package io.sagaengine.engine;

import java.util.UUID;

/** Starts sagas. Replies, deadlines and operator actions drive them from there. */
public interface SagaEngine {

    /**
     * Creates the saga and sends its first command, inside the caller's transaction, so the caller's own
     * writes, the saga and its first command commit together or not at all.
     *
     * @param definition a definition known to the engine (a bean)
     * @throws org.springframework.transaction.IllegalTransactionStateException outside a transaction
     * @throws org.springframework.dao.DuplicateKeyException if a saga with this id exists
     */
    <D> void start(SagaDefinition<D> definition, UUID sagaId, D data);
}
