package io.sagaengine.orchestrator.engine;

import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.Outbox;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wires the saga engine: every {@link SagaDefinition} bean is run through the one {@link SagaMessaging} bean;
 * {@link SagaStatusListener} beans are told about status changes, {@link SagaEngineObserver} beans about what
 * committed. Exposes {@link SagaEngine}, {@link SagaOperations}, {@link SagaQueries} and {@link SagaCensus}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaEngineProperties.class)
public class SagaEngineConfiguration {

    public static final String REPLY_LISTENER_FACTORY = "sagaReplyListenerContainerFactory";

    @Bean
    SagaJson sagaJson() {
        return new SagaJson();
    }

    @Bean
    SagaRegistry sagaRegistry(List<SagaDefinition<?>> definitions, SagaEngineProperties properties) {
        return new SagaRegistry(definitions, properties.machinePoolSize());
    }

    @Bean
    JdbcSagaStore sagaStore(JdbcTemplate jdbc, SagaJson json) {
        return new JdbcSagaStore(jdbc, json);
    }

    @Bean
    DefaultSagaEngine sagaEngine(SagaRegistry registry, SagaMessaging messaging, JdbcSagaStore store, Outbox outbox,
                                 Inbox inbox, PlatformTransactionManager transactionManager,
                                 ObjectProvider<SagaStatusListener> listeners,
                                 ObjectProvider<SagaEngineObserver> observers, ObjectProvider<Clock> clock,
                                 SagaJson json, SagaEngineProperties properties) {
        SagaLogic logic = new SagaLogic(registry, messaging, json, clock.getIfUnique(Clock::systemUTC),
                () -> ThreadLocalRandom.current().nextDouble());
        // listeners are looked up when a status changes, not now: a listener may depend on beans that use the engine
        return new DefaultSagaEngine(logic, messaging, store, outbox, inbox, new SpringSagaTransactions(transactionManager),
                () -> listeners.orderedStream().toList(), () -> observers.orderedStream().toList(),
                new DefaultSagaEngine.Settings(properties.consumerGroup(), properties.conflictRetries(),
                        properties.handlerAttempts(), properties.deadlines().batchSize()));
    }

    @Bean
    JdbcSagaQueries sagaQueries(JdbcTemplate jdbc, SagaJson json, ObjectProvider<Clock> clock) {
        return new JdbcSagaQueries(jdbc, json, clock.getIfUnique(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnProperty(prefix = "saga.engine.deadlines", name = "enabled", matchIfMissing = true)
    DeadlinePoller sagaDeadlinePoller(DefaultSagaEngine engine, SagaEngineProperties properties) {
        return new DeadlinePoller(engine, properties.deadlines().pollInterval(), properties.deadlines().batchSize());
    }

    @Bean
    @ConditionalOnProperty(prefix = "saga.engine.replies", name = "enabled", matchIfMissing = true)
    SagaReplyListener sagaReplyListener(DefaultSagaEngine engine, SagaMessaging messaging,
                                        SagaEngineProperties properties) {
        return new SagaReplyListener(engine, messaging.replyTopics(), properties.consumerGroup());
    }

    /**
     * Boot's listener settings ({@code spring.kafka.listener.*}) with a consumer of its own: String keys, byte[]
     * values, no auto-commit, a new group starting at the earliest offset; failures go to the outbox's
     * dead-letter error handler.
     */
    @Bean(REPLY_LISTENER_FACTORY)
    @ConditionalOnProperty(prefix = "saga.engine.replies", name = "enabled", matchIfMissing = true)
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConcurrentKafkaListenerContainerFactory<Object, Object> sagaReplyListenerContainerFactory(
            KafkaProperties kafka, ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            @Qualifier("kafkaErrorHandler") CommonErrorHandler errorHandler, SagaEngineProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ConsumerFactory<String, byte[]> consumers =
                new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, (ConsumerFactory) consumers);
        factory.setCommonErrorHandler(errorHandler);
        factory.setConcurrency(properties.replies().concurrency());
        return factory;
    }
}
