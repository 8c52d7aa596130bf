package io.sagaengine.orchestrator.order;

/**
 * Starts the order saga for an accepted order. Implemented by the order saga; called by the order API
 * inside the transaction that stores the order, so the order, the saga and its first command commit together.
 */
public interface OrderSagaStarter {

    /** Must join the caller's transaction; throws if there is none. */
    void start(PlacedOrder order);
}
