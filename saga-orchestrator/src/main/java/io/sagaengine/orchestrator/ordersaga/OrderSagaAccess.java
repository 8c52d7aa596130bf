package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaMessaging;
import io.sagaengine.service.contract.ContractSagaMessaging;

/**
 * The order saga and its messaging exactly as the orchestrator builds them, for what runs the real saga outside
 * the application (the engine benchmark). The application itself gets them as beans.
 */
public final class OrderSagaAccess {

    private OrderSagaAccess() {
    }

    /** The order saga with the production defaults of {@code saga.order.*}. */
    public static SagaDefinition<OrderSagaData> definition() {
        return OrderSaga.definition(OrderSagaProperties.defaults());
    }

    /** The engine's messaging port on the contracts' standard catalog, as service-support wires it. */
    public static SagaMessaging messaging() {
        return ContractSagaMessaging.of(MessageCatalog.standard(), definition());
    }
}
