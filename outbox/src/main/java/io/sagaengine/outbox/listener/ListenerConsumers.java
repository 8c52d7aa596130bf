package io.sagaengine.outbox.listener;

import io.micrometer.core.instrument.MeterRegistry;
import io.sagaengine.outbox.OutboxProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ContainerProperties;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds the consumers of a service's Kafka listeners: the group session settings of {@code outbox.consumer.*}, the
 * instance's static identity ({@code group.instance.id}, leased from the service's database and kept up to date
 * when it changes), and Kafka's client metrics in Micrometer (fetch lag per partition, among others). Every listener
 * container built on such a factory should be watched (see {@link ListenerContainers}), so that it is restarted
 * when it stops and so that it is restarted after the identity changed.
 */
public final class ListenerConsumers {

    private static final Logger log = LoggerFactory.getLogger(ListenerConsumers.class);

    private final OutboxProperties.Consumer settings;
    private final InstanceIdentity identity;
    private final MeterRegistry meters;
    private final List<DefaultKafkaConsumerFactory<?, ?>> factories = new CopyOnWriteArrayList<>();
    private volatile long appliedGeneration;

    ListenerConsumers(OutboxProperties.Consumer settings, InstanceIdentity identity, MeterRegistry meters) {
        this.settings = settings;
        this.identity = identity;
        this.meters = meters;
        this.appliedGeneration = identity.generation();
    }

    /**
     * A consumer factory for a listener container: {@code config} (typically Boot's
     * {@code KafkaProperties.buildConsumerProperties()} plus the listener's own settings) with the group session
     * settings and this instance's static identity.
     */
    public <K, V> DefaultKafkaConsumerFactory<K, V> consumerFactory(Map<String, Object> config, Deserializer<K> keys,
                                                                     Deserializer<V> values) {
        Map<String, Object> own = settings.applyTo(new HashMap<>(config));
        if (own.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) != null) {
            log.warn("A group.instance.id in the Kafka consumer properties is ignored: two instances started from the "
                    + "same configuration would fence each other. Each instance leases its own (outbox.consumer.*)");
        }
        String name = identity.name();
        if (name != null) {
            own.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, name);
        }
        DefaultKafkaConsumerFactory<K, V> factory = new DefaultKafkaConsumerFactory<>(own, keys, values);
        if (meters != null) {
            factory.addListener(new MicrometerConsumerListener<>(meters));
        }
        factories.add(factory);
        return factory;
    }

    /** Sets how a listener container commits offsets ({@code outbox.consumer.commit-interval}), unless
     * {@code spring.kafka.listener.ack-mode} chose already ({@code explicitAckMode}, null when unset). */
    public void applyCommitSettings(ContainerProperties container, ContainerProperties.AckMode explicitAckMode) {
        settings.applyTo(container, explicitAckMode);
    }

    /** This instance's name in its groups (its static identity), or a process name while membership is dynamic. */
    public String instanceName() {
        String name = identity.name();
        return name != null ? name : InstanceIdentity.host() + "/" + ProcessHandle.current().pid();
    }

    /**
     * Brings the factories up to the identity's latest name; true if it changed since the last call (consumers built
     * before use the old name: their containers must be restarted).
     */
    boolean refreshIdentity() {
        long generation = identity.generation();
        if (generation == appliedGeneration) {
            return false;
        }
        String name = identity.name();
        for (DefaultKafkaConsumerFactory<?, ?> factory : factories) {
            if (name == null) {
                factory.removeConfig(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
            } else {
                factory.updateConfigs(Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, name));
            }
        }
        appliedGeneration = generation;
        return true;
    }
}
