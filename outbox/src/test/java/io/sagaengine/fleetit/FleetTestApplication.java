package io.sagaengine.fleetit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.listener.ListenerConsumers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A service with one listener built the way the product's services build theirs (consumers from the outbox's
 * {@link ListenerConsumers}), whose effect records which instance handled each record. Several can run in one JVM.
 */
@SpringBootApplication
public class FleetTestApplication {

    /** Records whose key starts with this wait for {@link #release()}: the listener falls behind meanwhile. */
    static final String HOLD = "hold";
    static final CountDownLatch gate = new CountDownLatch(1);

    static void release() {
        gate.countDown();
    }

    /** Readiness states this instance published, in order. */
    final List<ReadinessState> readiness = new CopyOnWriteArrayList<>();

    @Bean
    SimpleMeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readinessRecorder() {
        return event -> readiness.add(event.getState());
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> fleetListenerFactory(ListenerConsumers consumers,
                                                                                 KafkaProperties kafka) {
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers.consumerFactory(kafka.buildConsumerProperties(), new StringDeserializer(),
                new ByteArrayDeserializer()));
        consumers.applyCommitSettings(factory.getContainerProperties(), null);
        return factory;
    }

    @Bean
    Effect effect(JdbcTemplate jdbc, ListenerConsumers consumers) {
        return new Effect(jdbc, consumers);
    }

    static final class Effect {
        private final JdbcTemplate jdbc;
        private final ListenerConsumers consumers;

        Effect(JdbcTemplate jdbc, ListenerConsumers consumers) {
            this.jdbc = jdbc;
            this.consumers = consumers;
        }

        @KafkaListener(id = "fleet-it", topics = "${fleet.topic}", groupId = "${fleet.group}",
                containerFactory = "fleetListenerFactory")
        void on(ConsumerRecord<String, byte[]> record) throws InterruptedException {
            if (record.key().startsWith(HOLD)) {
                gate.await(60, TimeUnit.SECONDS);
            }
            jdbc.update("INSERT INTO fleet_effect (message_key, instance) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    record.key(), consumers.instanceName());
        }
    }
}
