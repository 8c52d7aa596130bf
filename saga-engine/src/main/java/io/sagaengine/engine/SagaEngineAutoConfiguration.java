package io.sagaengine.engine;

import io.sagaengine.outbox.BoundedPurge;
import io.sagaengine.outbox.Inbox;
import io.sagaengine.outbox.MessageTracing;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.outbox.relay.RelayState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import io.sagaengine.outbox.OutboxAutoConfiguration;
import io.sagaengine.outbox.ScheduledPurge;
import io.sagaengine.outbox.listener.ListenerAutoConfiguration;
import io.sagaengine.outbox.listener.ListenerConsumers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wires the saga engine into a Spring Boot application that has the outbox: every {@link SagaDefinition} bean is
 * run through the one {@link SagaMessaging} bean; {@link SagaStatusListener} beans are told about status changes,
 * {@link SagaEngineObserver} beans about what committed, {@link SagaPurgeListener} beans about finished sagas the
 * retention purge deletes. Several versions of one saga type may be declared as beans side by side (see
 * {@link SagaDefinition#version()}). Exposes {@link SagaEngine}, {@link SagaOperations}, {@link SagaMigrations},
 * {@link SagaQueries}, {@link SagaFinder}, {@link SagaCensus} and {@link DeadlineHold}.
 *
 * <p>The engine's tables are migrated by a Flyway of its own ({@value SagaEngineSchema#LOCATION}, history in
 * {@code saga.engine.schema.history-table}), so their versions never collide with the application's migrations.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        FlywayAutoConfiguration.class, KafkaAutoConfiguration.class, OutboxAutoConfiguration.class,
        ListenerAutoConfiguration.class})
@EnableConfigurationProperties(SagaEngineProperties.class)
public class SagaEngineAutoConfiguration {

    /** The bean name of the reply listener's container factory; declare a bean of this name to replace it. */
    public static final String REPLY_LISTENER_FACTORY = "sagaReplyListenerContainerFactory";

    private static String consumerGroup(SagaEngineProperties properties, Environment environment) {
        return properties.consumerGroupOr(environment.getProperty("spring.application.name", "saga-engine"));
    }

    /**
     * After the application's own migrations: Flyway refuses a schema that is not empty and has no history of its
     * own, so the application's Flyway must see the schema before the engine's tables are added to it.
     */
    @Bean
    @DependsOnDatabaseInitialization
    SagaEngineSchema sagaEngineSchema(DataSource dataSource, SagaEngineProperties properties) {
        return new SagaEngineSchema(dataSource, properties.schema());
    }

    @Bean
    SagaJson sagaJson() {
        return new SagaJson();
    }

    @Bean
    SagaRegistry sagaRegistry(List<SagaDefinition<?>> definitions, SagaEngineProperties properties) {
        return new SagaRegistry(definitions, properties.machinePoolSize());
    }

    @Bean
    JdbcSagaStore sagaStore(JdbcTemplate jdbc, SagaJson json, SagaEngineSchema schema) {
        return new JdbcSagaStore(jdbc, json);
    }

    @Bean
    JdbcReplyFrontier sagaReplyFrontier(JdbcTemplate jdbc, SagaMessaging messaging, SagaEngineSchema schema) {
        return new JdbcReplyFrontier(jdbc, messaging.replyTopics());
    }

    @Bean
    JdbcHeldReplies sagaHeldReplies(JdbcTemplate jdbc, SagaEngineSchema schema) {
        return new JdbcHeldReplies(jdbc);
    }

    /**
     * Publishing unless the outbox relay reports its replication slot lost (every instance sees that state, the
     * standbys too); an application without a relay ({@code outbox.relay.enabled=false}) always publishes.
     */
    static OutboxPublishing outboxPublishing(ObjectProvider<OutboxRelay> relay) {
        return () -> {
            OutboxRelay current = relay.getIfAvailable();
            return current == null || current.state() != RelayState.SLOT_LOST;
        };
    }

    @Bean
    DefaultSagaEngine sagaEngine(SagaRegistry registry, SagaMessaging messaging, JdbcSagaStore store, Outbox outbox,
                                 Inbox inbox, PlatformTransactionManager transactionManager,
                                 ObjectProvider<SagaStatusListener> listeners,
                                 ObjectProvider<SagaEngineObserver> observers, ObjectProvider<Clock> clock,
                                 SagaJson json, SagaEngineProperties properties, JdbcReplyFrontier frontier,
                                 JdbcHeldReplies held, ObjectProvider<OutboxRelay> relay, Environment environment,
                                 ObjectProvider<MessageTracing> tracing) {
        SagaLogic logic = new SagaLogic(registry, messaging, json, clock.getIfUnique(Clock::systemUTC),
                () -> ThreadLocalRandom.current().nextDouble());
        // listeners are looked up when a status changes, not now: a listener may depend on beans that use the engine
        return new DefaultSagaEngine(logic, messaging, store, outbox, inbox, new SpringSagaTransactions(transactionManager),
                () -> listeners.orderedStream().toList(), () -> observers.orderedStream().toList(),
                new DefaultSagaEngine.Settings(consumerGroup(properties, environment), properties.conflictRetries(),
                        properties.handlerAttempts(), properties.deadlines().batchSize(),
                        properties.replies().unknownSagaWait()),
                properties.deadlines().waitForReplies() ? frontier : ReplyFrontier.clockOnly(), held,
                outboxPublishing(relay), tracing.getIfAvailable(MessageTracing::off));
    }

    @Bean
    @ConditionalOnProperty(prefix = "saga.engine.replies", name = "enabled", matchIfMissing = true)
    ReplyFrontierTracker sagaReplyFrontierTracker(JdbcReplyFrontier frontier, SagaMessaging messaging,
                                                  ObjectProvider<Clock> clock, SagaEngineProperties properties,
                                                  ListenerConsumers consumers) {
        return new ReplyFrontierTracker(frontier, messaging.replyTopics(), clock.getIfUnique(Clock::systemUTC),
                properties.deadlines().frontierProbeInterval(), consumers::instanceName);
    }

    @Bean
    @ConditionalOnMissingBean({SagaQueries.class, SagaCensus.class})
    JdbcSagaQueries sagaQueries(JdbcTemplate jdbc, SagaJson json, ObjectProvider<Clock> clock,
                                SagaRegistry registry, SagaEngineSchema schema) {
        return new JdbcSagaQueries(jdbc, json, clock.getIfUnique(Clock::systemUTC), registry.versions());
    }

    @Bean
    @ConditionalOnMissingBean(SagaFinder.class)
    JdbcSagaFinder sagaFinder(JdbcTemplate jdbc, SagaRegistry registry, SagaEngineSchema schema) {
        return new JdbcSagaFinder(jdbc, registry.versions());
    }

    @Bean
    @ConditionalOnProperty(prefix = "saga.engine.deadlines", name = "enabled", matchIfMissing = true)
    DeadlinePoller sagaDeadlinePoller(DefaultSagaEngine engine, JdbcReplyFrontier frontier,
                                      SagaEngineProperties properties) {
        return new DeadlinePoller(engine, frontier, properties.deadlines().pollInterval(),
                properties.deadlines().batchSize());
    }

    @Bean
    JdbcSagaPurge sagaPurge(JdbcTemplate jdbc, SagaEngineSchema schema) {
        return new JdbcSagaPurge(jdbc);
    }

    /** Deletes finished sagas past {@code saga.engine.retention.finished-sagas}; idle when that is zero. */
    @Bean
    SagaPurger sagaPurger(JdbcSagaPurge purge, PlatformTransactionManager transactionManager,
                          ObjectProvider<SagaPurgeListener> listeners, ObjectProvider<SagaEngineObserver> observers,
                          ObjectProvider<Clock> clock, SagaEngineProperties properties) {
        return new SagaPurger(purge, new SpringSagaTransactions(transactionManager),
                () -> listeners.orderedStream().toList(), () -> observers.orderedStream().toList(),
                clock.getIfUnique(Clock::systemUTC), properties.retention());
    }

    /**
     * Deletes the records of replies that named no saga past {@code saga.engine.retention.unmatched-replies}, in
     * bounded batches, one instance at a time; idle when that is zero.
     */
    @Bean
    ScheduledPurge unmatchedReplyPurge(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                       ObjectProvider<SagaEngineObserver> observers, SagaEngineProperties properties,
                                       SagaEngineSchema schema) {
        SagaEngineProperties.Retention retention = properties.retention();
        BoundedPurge purge = new BoundedPurge("unmatched_reply", "unmatched replies older than "
                + retention.unmatchedReplies(), "saga_history", JdbcSagaPurge.UNMATCHED_REPLIES,
                retention.batchSize(), jdbc, transactionManager,
                count -> SagaPurger.tellObservers(observers.orderedStream().toList(),
                        observer -> observer.unmatchedRepliesPurged(count)));
        return new ScheduledPurge("saga-unmatched-reply-purge", purge, retention.purgeInterval(),
                !retention.unmatchedReplies().isZero(), (double) retention.unmatchedReplies().toSeconds());
    }

    @Bean
    @ConditionalOnProperty(prefix = "saga.engine.replies", name = "enabled", matchIfMissing = true)
    @ConditionalOnProperty(prefix = "saga.engine.replies", name = "batched", matchIfMissing = true)
    SagaReplyBatchListener sagaReplyBatchListener(DefaultSagaEngine engine, SagaMessaging messaging,
                                                  SagaEngineProperties properties, Environment environment) {
        return new SagaReplyBatchListener(engine, messaging.replyTopics(), consumerGroup(properties, environment),
                properties.replies().maxBatch());
    }

    @Bean
    @ConditionalOnProperty(prefix = "saga.engine.replies", name = "enabled", matchIfMissing = true)
    @ConditionalOnProperty(prefix = "saga.engine.replies", name = "batched", havingValue = "false")
    SagaReplyListener sagaReplyListener(DefaultSagaEngine engine, SagaMessaging messaging,
                                        SagaEngineProperties properties, Environment environment) {
        return new SagaReplyListener(engine, messaging.replyTopics(), consumerGroup(properties, environment));
    }

    /**
     * Boot's listener settings ({@code spring.kafka.listener.*}) with a consumer of its own: String keys, byte[]
     * values, no auto-commit, a new group starting at the earliest offset, group membership and the instance's
     * static identity from the outbox's {@link ListenerConsumers}; failures go to the outbox's dead-letter error
     * handler; the reply frontier is measured before every poll. Replies are consumed a poll at a time unless
     * {@code saga.engine.replies.batched=false}. The container is watched and restarted when it
     * stops, as every {@code @KafkaListener} is.
     */
    @Bean(REPLY_LISTENER_FACTORY)
    @ConditionalOnMissingBean(name = REPLY_LISTENER_FACTORY)
    @ConditionalOnProperty(prefix = "saga.engine.replies", name = "enabled", matchIfMissing = true)
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConcurrentKafkaListenerContainerFactory<Object, Object> sagaReplyListenerContainerFactory(
            KafkaProperties kafka, ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            @Qualifier("kafkaErrorHandler") CommonErrorHandler errorHandler, SagaEngineProperties properties,
            ListenerConsumers listenerConsumers, ReplyFrontierTracker frontierTracker) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ConsumerFactory<String, byte[]> consumers =
                listenerConsumers.consumerFactory(config, new StringDeserializer(), new ByteArrayDeserializer());
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, (ConsumerFactory) consumers);
        factory.setCommonErrorHandler(errorHandler);
        listenerConsumers.applyCommitSettings(factory.getContainerProperties(), kafka.getListener().getAckMode());
        factory.setConcurrency(properties.replies().concurrency());
        if (properties.replies().batched()) {
            factory.setBatchListener(true);
            factory.setBatchInterceptor((BatchInterceptor) frontierTracker);
        } else {
            factory.setRecordInterceptor((RecordInterceptor) frontierTracker);
        }
        // an idle listener still measures its frontier every probe interval
        long probeMillis = properties.deadlines().frontierProbeInterval().toMillis();
        if (factory.getContainerProperties().getPollTimeout() > probeMillis) {
            factory.getContainerProperties().setPollTimeout(probeMillis);
        }
        return factory;
    }
}
