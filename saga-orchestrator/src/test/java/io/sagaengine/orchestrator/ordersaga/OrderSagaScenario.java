package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.engine.test.SagaScenario;
import io.sagaengine.orchestrator.order.PlacedOrder;

/** The order saga in a {@link SagaScenario}, with the outcomes it reports recorded. */
final class OrderSagaScenario {

    final RecordingOrderOutcomes outcomes = new RecordingOrderOutcomes();
    final SagaScenario<OrderSagaData> saga;

    OrderSagaScenario(OrderSagaProperties timing) {
        saga = SagaScenario.of(OrderSaga.definition(timing), ContractSagaMessaging.standard(),
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
