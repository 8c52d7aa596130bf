package io.sagaengine.orchestrator.order;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OrderApiProperties.class, OrderPushProperties.class})
class OrderApiConfiguration {
}
