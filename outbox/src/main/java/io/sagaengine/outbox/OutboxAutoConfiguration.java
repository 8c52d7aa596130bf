package io.sagaengine.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.outbox.relay.RelaySettings;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.api.Location;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Wires the outbox into a service: the {@link Outbox} and {@link Inbox}, their tables (Flyway migrations
 * from {@code classpath:db/outbox}, versions below 1 so they never collide with the service's own), the
 * relay with its health indicator and meters, and the dead-letter error handler for Kafka listeners.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        FlywayAutoConfiguration.class, KafkaAutoConfiguration.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    public static final String MIGRATIONS = "classpath:db/outbox";

    @Bean
    FlywayConfigurationCustomizer outboxMigrations() {
        return configuration -> {
            Location[] current = configuration.getLocations();
            boolean present = Arrays.stream(current).anyMatch(l -> l.getDescriptor().equals(MIGRATIONS));
            if (!present) {
                configuration.locations(Stream.concat(Arrays.stream(current), Stream.of(Location.fromPath("classpath:", "db/outbox")))
                        .toArray(Location[]::new));
            }
        };
    }

    /** Spans of the service's tracer, if it has one (Micrometer Tracing); off otherwise. */
    @Bean
    @ConditionalOnMissingBean
    MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer t = tracer.getIfUnique();
        Propagator p = propagator.getIfUnique();
        return t == null || p == null ? MessageTracing.off() : MessageTracing.of(t, p);
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(JdbcTemplate jdbc, OutboxProperties properties, MessageTracing tracing) {
        return Outbox.jdbc(jdbc, properties.keepRows(), tracing);
    }

    @Bean
    @ConditionalOnMissingBean(Inbox.class)
    JdbcInbox inbox(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new JdbcInbox(jdbc, new TransactionTemplate(transactionManager));
    }

    /** Deletes inbox records older than {@code outbox.inbox.retention}, in bounded batches, one instance at a time. */
    @Bean
    ScheduledPurge inboxPurge(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                              OutboxProperties properties, ObjectProvider<MeterRegistry> meters) {
        OutboxProperties.Inbox inbox = properties.inbox();
        BoundedPurge purge = new BoundedPurge("inbox", "inbox records older than " + inbox.retention(), "inbox",
                "processed_at < now() - make_interval(secs => ?)", inbox.purgeBatchSize(), jdbc, transactionManager,
                BoundedPurge.counted(meters.getIfAvailable(SimpleMeterRegistry::new), "inbox"));
        return new ScheduledPurge("inbox-purge", purge, inbox.purgeInterval(), true,
                (double) inbox.retention().toSeconds());
    }

    @Bean
    @ConditionalOnMissingBean(name = "kafkaErrorHandler")
    CommonErrorHandler kafkaErrorHandler(KafkaProperties kafka, OutboxProperties properties) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.remove("transactional.id");
        var factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        return DeadLetters.errorHandler(new KafkaTemplate<>(factory), properties.deadLetter());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "outbox.relay", name = "enabled", matchIfMissing = true)
    @DependsOnDatabaseInitialization
    OutboxRelay outboxRelay(DataSourceProperties dataSource, KafkaProperties kafka, OutboxProperties properties,
                            ObjectProvider<MeterRegistry> meters) {
        OutboxProperties.Relay relay = properties.relay();
        RelaySettings settings = RelaySettings.forJdbcUrl(dataSource.determineUrl(), dataSource.determineUsername(),
                        dataSource.determinePassword())
                .withSlot(relay.slotName(), relay.publicationName())
                .withTiming(relay.pollInterval(), relay.offsetFlushInterval(), relay.heartbeatInterval(),
                        relay.standbyCheckInterval())
                .withProducer(producerOverrides(kafka), relay.sendTimeout(), relay.maxBatchSize())
                .withFailover(relay.leaderTimeout(), relay.stepDownAfterFailures(), relay.stepDownCooldown(),
                        relay.maxRestartBackoff())
                .withWakeOnChange(relay.wakeOnChange());
        OutboxRelay outboxRelay = new OutboxRelay(settings, String.join(",", kafka.getBootstrapServers()),
                meters.getIfAvailable(SimpleMeterRegistry::new));
        // before any request or listener can write: rows committed before the slot exists would be lost
        outboxRelay.prepareReplication();
        return outboxRelay;
    }

    @Bean
    @ConditionalOnProperty(prefix = "outbox.relay", name = "enabled", matchIfMissing = true)
    SmartLifecycle outboxRelayLifecycle(OutboxRelay relay) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                relay.start();
                running = true;
            }

            @Override
            public void stop() {
                relay.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MIN_VALUE + 1000; // first up, last down
            }
        };
    }

    @Bean
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnProperty(prefix = "outbox.relay", name = "enabled", matchIfMissing = true)
    HealthIndicator outboxRelayHealthIndicator(OutboxRelay relay) {
        return new OutboxRelayHealthIndicator(relay);
    }

    /** Connection and security settings of spring.kafka.producer.*, never its serializers or transactions. */
    private static Map<String, Object> producerOverrides(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.keySet().removeIf(k -> k.endsWith(".serializer") || k.startsWith("transactional")
                || k.equals("acks") || k.equals("enable.idempotence") || k.equals("bootstrap.servers"));
        return config;
    }
}
