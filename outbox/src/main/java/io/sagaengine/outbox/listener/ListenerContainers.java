package io.sagaengine.outbox.listener;

import org.springframework.kafka.listener.MessageListenerContainer;

import java.util.List;

/**
 * Listener containers a service builds itself (not {@code @KafkaListener}s, which are found in Spring Kafka's
 * registry, nor container beans): declare a bean of this type so that they are watched, restarted when they stop,
 * reported in health and metrics, and restarted when the instance's identity changes.
 */
@FunctionalInterface
public interface ListenerContainers {

    List<? extends MessageListenerContainer> listenerContainers();
}
