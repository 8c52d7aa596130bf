package io.sagaengine.orchestrator.order;

import io.sagaengine.outbox.Outbox;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrderEventsConfiguration.OrderEventsProperties.class)
class OrderEventsConfiguration {

    /**
     * Settings of the order events ({@code orders.events.*}).
     *
     * @param enabled publish every status change of an order on {@code order.events}
     */
    @ConfigurationProperties("orders.events")
    record OrderEventsProperties(@DefaultValue("true") boolean enabled) {
    }

    @Bean
    OrderEvents orderEvents(Outbox outbox, OrderEventsProperties properties) {
        return new OrderEvents(outbox, properties.enabled());
    }
}
