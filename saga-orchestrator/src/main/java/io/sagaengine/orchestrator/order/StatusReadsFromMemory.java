package io.sagaengine.orchestrator.order;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers {@link NotModifiedFromMemory} ahead of every other filter, request metrics and security included. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class StatusReadsFromMemory {

    @Bean
    FilterRegistrationBean<NotModifiedFromMemory> notModifiedFromMemory(OrderVersions versions, OrderWaiters waiters,
                                                                        OrderApiProperties properties) {
        FilterRegistrationBean<NotModifiedFromMemory> registration =
                new FilterRegistrationBean<>(new NotModifiedFromMemory(versions, waiters, properties.maxWait()));
        registration.addUrlPatterns("/orders/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        return registration;
    }
}
