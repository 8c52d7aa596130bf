package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaMessaging;

/** The order saga and its messaging exactly as the orchestrator builds them, for the engine benchmark. */
public final class OrderSagaAccess {

    private OrderSagaAccess() {
    }

    /** The order saga with the production defaults of {@code saga.order.*}. */
    public static SagaDefinition<OrderSagaData> definition() {
        return OrderSaga.definition(OrderSagaProperties.defaults());
    }

    public static SagaMessaging messaging() {
        return ContractSagaMessaging.standard();
    }
}
