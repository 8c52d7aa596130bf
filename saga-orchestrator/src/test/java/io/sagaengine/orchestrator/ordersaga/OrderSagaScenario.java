package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.test.SagaScenario;
import io.sagaengine.orchestrator.order.PlacedOrder;
import io.sagaengine.service.contract.ContractSagaMessaging;

/** The order saga in a {@link SagaScenario}, with the outcomes it reports recorded. */
final class OrderSagaScenario {

    final RecordingOrderOutcomes outcomes = new RecordingOrderOutcomes();
    final SagaScenario<OrderSagaData> saga;

    OrderSagaScenario(OrderSagaProperties timing) {
        SagaDefinition<OrderSagaData> definition = OrderSaga.definition(timing);
        saga = SagaScenario.of(definition, ContractSagaMessaging.of(MessageCatalog.standard(), definition),
                        (type, version, json) -> ContractJson.standard().decode(type, version, json))
                .listener(new OrderOutcomeReporter(outcomes));
    }

    Given given() {
        return new Given();
    }

    final class Given {
        SagaScenario.Expect order(PlacedOrder order) {
            return saga.given().start(order.sagaId(), OrderSagaData.of(order));
        }
    }
}
