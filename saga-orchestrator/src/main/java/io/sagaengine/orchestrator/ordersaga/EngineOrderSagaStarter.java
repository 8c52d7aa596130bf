package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaEngine;
import io.sagaengine.orchestrator.order.OrderSagaStarter;
import io.sagaengine.orchestrator.order.PlacedOrder;

/** Starts the order saga in the order API's transaction: its first command (ChargePayment) commits with the order. */
final class EngineOrderSagaStarter implements OrderSagaStarter {

    private final SagaEngine engine;
    private final SagaDefinition<OrderSagaData> saga;

    EngineOrderSagaStarter(SagaEngine engine, SagaDefinition<OrderSagaData> saga) {
        this.engine = engine;
        this.saga = saga;
    }

    @Override
    public void start(PlacedOrder order) {
        engine.start(saga, order.sagaId(), OrderSagaData.of(order));
    }
}
