package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaEngine;
import io.sagaengine.engine.SagaStatusListener;
import io.sagaengine.orchestrator.order.OrderOutcomes;
import io.sagaengine.orchestrator.order.OrderSagaStarter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The order saga, its starter and its outcome reporter. Its messages are the contracts module's order flow, and the
 * engine's messaging port on them comes from service-support's {@code ContractAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrderSagaProperties.class)
public class OrderSagaConfiguration {

    @Bean
    SagaDefinition<OrderSagaData> orderSaga(OrderSagaProperties timing) {
        return OrderSaga.definition(timing);
    }

    @Bean
    OrderSagaStarter orderSagaStarter(SagaEngine engine, SagaDefinition<OrderSagaData> orderSaga) {
        return new EngineOrderSagaStarter(engine, orderSaga);
    }

    @Bean
    SagaStatusListener orderOutcomeReporter(OrderOutcomes outcomes) {
        return new OrderOutcomeReporter(outcomes);
    }
}
