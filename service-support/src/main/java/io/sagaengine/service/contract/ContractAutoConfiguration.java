package io.sagaengine.service.contract;

import io.sagaengine.contracts.ContractJson;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.contracts.MessageSet;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaMessaging;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's message catalog: every {@link MessageSet} registered on the classpath
 * ({@code META-INF/services}) and every {@code MessageSet} bean. Participants read and write with it; in a service
 * that runs the saga engine it is also the engine's {@link SagaMessaging}, listening on the topics of the replies
 * its {@link SagaDefinition}s wait for. A service may declare its own {@link MessageCatalog},
 * {@link ContractJson} or {@link SagaMessaging} bean instead.
 */
@AutoConfiguration(beforeName = "io.sagaengine.engine.SagaEngineAutoConfiguration")
public class ContractAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MessageCatalog messageCatalog(ObjectProvider<MessageSet> sets) {
        return MessageCatalog.discovered().with(sets.orderedStream().toArray(MessageSet[]::new));
    }

    @Bean
    @ConditionalOnMissingBean
    ContractJson contractJson(MessageCatalog catalog) {
        return new ContractJson(catalog);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SagaMessaging.class)
    static class SagaMessagingConfiguration {

        @Bean
        @ConditionalOnBean(SagaDefinition.class)
        @ConditionalOnMissingBean(SagaMessaging.class)
        ContractSagaMessaging contractSagaMessaging(ContractJson json, ObjectProvider<SagaDefinition<?>> sagas) {
            return ContractSagaMessaging.of(json, sagas.orderedStream().toList());
        }
    }
}
