package io.sagaengine.outbox.listener;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.OutboxAutoConfiguration;
import io.sagaengine.outbox.OutboxProperties;
import io.sagaengine.outbox.relay.OutboxRelay;
import io.sagaengine.outbox.relay.RelaySettings;
import io.sagaengine.outbox.relay.SessionLock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The listeners' side of a service on the outbox: each instance's static group identity, leased from the service's
 * database ({@link ListenerConsumers}); a watchdog that restarts any Kafka listener container that stopped and keeps
 * the instance out of traffic while it cannot consume or publish ({@link ServiceReadiness}); health
 * ({@code listeners}, {@code outboxSlot}) and metrics ({@code outbox.listener.consuming},
 * {@code outbox.listener.restarts}, {@code outbox.consumer.lag}, Kafka's client metrics).
 */
@AutoConfiguration(after = {OutboxAutoConfiguration.class, KafkaAutoConfiguration.class})
public class ListenerAutoConfiguration {

    @Bean(destroyMethod = "close")
    @DependsOnDatabaseInitialization
    InstanceIdentity outboxInstanceIdentity(OutboxProperties outbox, DataSourceProperties dataSource,
                                            Environment environment) {
        OutboxProperties.Consumer consumer = outbox.consumer();
        SessionLock lock = null;
        if (consumer.staticMembership()) {
            RelaySettings database = RelaySettings.forJdbcUrl(dataSource.determineUrl(), dataSource.determineUsername(),
                    dataSource.determinePassword());
            lock = new SessionLock(database, InstanceIdentity.NAMESPACE, consumer.leaseTimeout(),
                    "pid " + ProcessHandle.current().pid() + " on " + InstanceIdentity.host());
        }
        InstanceIdentity identity = new InstanceIdentity(lock, consumer.instanceId(),
                environment.getProperty("spring.application.name", "service"), consumer.leaseTimeout());
        identity.claim(); // before any listener's consumer is built
        return identity;
    }

    @Bean
    ListenerConsumers listenerConsumers(OutboxProperties outbox, InstanceIdentity identity,
                                        ObjectProvider<MeterRegistry> meters) {
        return new ListenerConsumers(outbox.consumer(), identity, meters.getIfAvailable());
    }

    @Bean
    ServiceReadiness serviceReadiness(ApplicationEventPublisher events,
                                      ObjectProvider<ApplicationAvailability> availability) {
        return new ServiceReadiness(events, availability.getIfAvailable(ApplicationAvailabilityBean::new));
    }

    @Bean
    ListenerWatchdog listenerWatchdog(ObjectProvider<KafkaListenerEndpointRegistry> registry,
                                      ObjectProvider<ListenerContainers> sources, ListenerConsumers consumers,
                                      InstanceIdentity identity, ServiceReadiness readiness,
                                      ObjectProvider<OutboxRelay> relay, ObjectProvider<MeterRegistry> meters,
                                      OutboxProperties outbox) {
        return new ListenerWatchdog(() -> containers(registry, sources), consumers, identity, readiness,
                relay::getIfAvailable, meters.getIfAvailable(SimpleMeterRegistry::new),
                outbox.consumer().watchInterval(), outbox.consumer().maxRestartBackoff(), Clock.systemUTC());
    }

    @Bean
    ConsumerLag consumerLag(ListenerWatchdog watchdog, KafkaProperties kafka, ObjectProvider<MeterRegistry> meters,
                            OutboxProperties outbox) {
        return new ConsumerLag(watchdog::statuses, kafka.buildAdminProperties(),
                meters.getIfAvailable(SimpleMeterRegistry::new), outbox.consumer().lagInterval());
    }

    @Bean
    @ConditionalOnClass(HealthIndicator.class)
    HealthIndicator listenersHealthIndicator(ListenerWatchdog watchdog) {
        return new ListenersHealthIndicator(watchdog);
    }

    @Bean
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnProperty(prefix = "outbox.relay", name = "enabled", matchIfMissing = true)
    HealthIndicator outboxSlotHealthIndicator(OutboxRelay relay) {
        return new OutboxSlotHealthIndicator(relay);
    }

    private static Collection<? extends MessageListenerContainer> containers(
            ObjectProvider<KafkaListenerEndpointRegistry> registry, ObjectProvider<ListenerContainers> sources) {
        List<MessageListenerContainer> all = new ArrayList<>();
        registry.ifAvailable(r -> all.addAll(r.getAllListenerContainers()));
        sources.orderedStream().forEach(source -> all.addAll(source.listenerContainers()));
        return all;
    }
}
