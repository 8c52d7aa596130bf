package io.sagaengine.operations.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sagaengine.engine.DeadlineHold;
import io.sagaengine.engine.SagaCensus;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaEngineObserver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/**
 * The saga metrics of every saga type the application defines, and the Kafka health indicator.
 *
 * <p>Meters (Prometheus names in brackets), all tagged {@code saga} with the saga type:
 * <ul>
 *   <li>{@code saga.started} [saga_started_total], {@code saga.completed} [saga_completed_total],
 *       {@code saga.cancelled} [saga_cancelled_total] tagged {@code outcome} (why it did not complete),
 *       {@code saga.needs.attention} [saga_needs_attention_total] tagged {@code cause}
 *       (COMPENSATION_FAILED or PARKED): counted by the engine's observer once the change committed;</li>
 *   <li>{@code saga.step.latency} [saga_step_latency_seconds] tagged {@code step}, {@code phase} (forward or
 *       compensation) and {@code result} (succeeded, failed, compensated): from a step's first send to its reply
 *       being applied, a histogram;</li>
 *   <li>{@code saga.step.retries} [saga_step_retries_total] tagged {@code step} and {@code phase}: re-sends after a
 *       passed deadline;</li>
 *   <li>{@code saga.purged} [saga_purged_total]: finished sagas deleted with their history by the retention purge
 *       ({@code saga.engine.retention.*});</li>
 *   <li>{@code saga.in.flight} [saga_in_flight] and {@code saga.oldest.age} [saga_oldest_age_seconds] tagged
 *       {@code status} and {@code state}, and {@code saga.parked} [saga_parked]: gauges from one aggregate query
 *       every {@code saga.monitoring.census-interval};</li>
 *   <li>{@code saga.types.undefined} [saga_types_undefined] and {@code saga.replies.held} [saga_replies_held], per
 *       saga type this instance's build does not define (a newer or older build's, during a rolling upgrade): its
 *       sagas in flight, and the replies held for them until an instance whose build defines the type applies them;
 *       counted with the gauges above, a row only for a type that has either;</li>
 *   <li>{@code saga.deadlines.held} [saga_deadlines_held_seconds]: how far behind the clock deadlines are held
 *       because a reply partition has not been read that far, or since the outbox relay lost its replication slot
 *       (zero in a healthy system).</li>
 * </ul>
 *
 * <p>Health: the contributor {@code kafkaCluster} (a cluster description within a short timeout, cached); with
 * {@code db} and {@code outboxRelay} it makes the health groups {@code kafka}, {@code database} and {@code relay}
 * of application.yml.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonitoringProperties.class)
public class MonitoringConfiguration {

    @Bean
    SagaEngineObserver micrometerSagaMetrics(MeterRegistry registry) {
        return new MicrometerSagaMetrics(registry);
    }

    @Bean
    UnfinishedSagaGauges unfinishedSagaGauges(SagaCensus census, List<SagaDefinition<?>> definitions,
                                              MeterRegistry registry, MonitoringProperties properties,
                                              ObjectProvider<Clock> clock) {
        return new UnfinishedSagaGauges(census, definitions.stream().map(SagaDefinition::name).toList(), registry,
                properties.censusInterval(), clock.getIfUnique(Clock::systemUTC));
    }

    @Bean
    Gauge sagaDeadlinesHeldGauge(DeadlineHold hold, MeterRegistry registry) {
        return Gauge.builder("saga.deadlines.held", hold, h -> h.deadlinesHeldBy().toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("How far behind the clock saga deadlines are held because replies were not read that far "
                        + "or the outbox cannot publish")
                .register(registry);
    }

    @Bean(destroyMethod = "close")
    AdminClusterProbe kafkaClusterProbe(KafkaProperties kafka, MonitoringProperties properties) {
        return new AdminClusterProbe(kafka.buildAdminProperties(), properties.kafka().timeout());
    }

    /** Named so that its health contributor is {@code kafkaCluster} (a group may not share a contributor's name). */
    @Bean
    HealthIndicator kafkaClusterHealthIndicator(AdminClusterProbe kafkaClusterProbe, MonitoringProperties properties,
                                         ObjectProvider<Clock> clock) {
        return new KafkaHealthIndicator(kafkaClusterProbe, properties.kafka().cacheFor(),
                clock.getIfUnique(Clock::systemUTC));
    }
}
