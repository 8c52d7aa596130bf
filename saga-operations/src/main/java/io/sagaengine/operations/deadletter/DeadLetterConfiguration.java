package io.sagaengine.operations.deadletter;

import io.micrometer.core.instrument.MeterRegistry;
import io.sagaengine.contracts.MessageCatalog;
import io.sagaengine.operations.SagaOperationsSchema;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/**
 * Dead letters made operable: the admin API to list and re-drive them ({@link DeadLetterController}), the audit of
 * re-drives (purged once past their retention and gone from their topic), the recovery of re-drives Kafka has not
 * acknowledged, and the gauge {@code saga_dead_letters}. Kafka is
 * reached with clients of their own, built from the service's {@code spring.kafka.*} settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadLetterProperties.class)
@Import(DeadLetterController.class)
public class DeadLetterConfiguration {

    @Bean
    DeadLetterTopics deadLetterTopics(MessageCatalog catalog) {
        return DeadLetterTopics.of(catalog);
    }

    @Bean(destroyMethod = "close")
    DeadLetterOffsets deadLetterOffsets(KafkaProperties kafka, DeadLetterProperties properties) {
        return new DeadLetterOffsets(kafka.buildAdminProperties(), properties.readTimeout());
    }

    @Bean(destroyMethod = "close")
    RedrivePublisher redrivePublisher(KafkaProperties kafka, DeadLetterProperties properties) {
        return new RedrivePublisher(kafka.buildProducerProperties(), properties.publishTimeout());
    }

    @Bean
    RedriveLog redriveLog(JdbcTemplate jdbc, SagaOperationsSchema schema) {
        return new RedriveLog(jdbc);
    }

    @Bean
    DeadLetterSearch deadLetterSearch(DeadLetterOffsets offsets, KafkaProperties kafka, RedriveLog log,
                                      DeadLetterProperties properties) {
        return new DeadLetterSearch(offsets, reader(kafka, properties), log, properties.maxScanned());
    }

    @Bean
    Redrives redrives(DeadLetterOffsets offsets, KafkaProperties kafka, DeadLetterSearch search, RedriveLog log,
                      RedrivePublisher publisher, DeadLetterProperties properties, ObjectProvider<Clock> clock) {
        return new Redrives(offsets, reader(kafka, properties), search, log, publisher,
                clock.getIfUnique(Clock::systemUTC));
    }

    @Bean
    DeadLetterDepths deadLetterDepths(DeadLetterOffsets offsets, RedriveLog log) {
        return new DeadLetterDepths(offsets, log);
    }

    @Bean
    DeadLetterGauges deadLetterGauges(DeadLetterDepths depths, DeadLetterTopics topics, MeterRegistry registry,
                                      DeadLetterProperties properties) {
        return new DeadLetterGauges(topic -> depths.of(topic).depth(), topics.all(), registry, properties.gaugeInterval());
    }

    @Bean
    PendingRedrives pendingRedrives(RedriveLog log, RedrivePublisher publisher, PlatformTransactionManager transactions,
                                    DeadLetterProperties properties, ObjectProvider<Clock> clock) {
        return new PendingRedrives(log, publisher, new TransactionTemplate(transactions),
                clock.getIfUnique(Clock::systemUTC), properties.recoveryGrace(), properties.recoveryInterval());
    }

    @Bean
    RedriveRetention redriveRetention(DeadLetterTopics topics, DeadLetterOffsets offsets, RedriveLog log,
                                      DeadLetterProperties properties, ObjectProvider<Clock> clock) {
        return new RedriveRetention(topics, offsets, log, clock.getIfUnique(Clock::systemUTC),
                properties.redriveRetention(), properties.redrivePurgeInterval());
    }

    private static DeadLetterReader reader(KafkaProperties kafka, DeadLetterProperties properties) {
        return new DeadLetterReader(kafka.buildConsumerProperties(), properties.readTimeout());
    }
}
