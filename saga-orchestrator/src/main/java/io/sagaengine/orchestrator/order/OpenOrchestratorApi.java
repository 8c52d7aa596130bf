package io.sagaengine.orchestrator.order;

import io.sagaengine.service.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The apps' side of the orchestrator needs no credentials: the order API and the read-only saga view. Everything
 * else follows the shared rules (health, info and API docs open; the rest HTTP Basic with roles).
 */
@Configuration(proxyBeanMethods = false)
class OpenOrchestratorApi {

    @Bean
    AccessRules openOrderAndSagaApi() {
        return requests -> requests.requestMatchers("/orders", "/orders/**", "/sagas/**").permitAll();
    }
}
