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

    /**
     * The lifecycle phase these containers start and stop in, the phase of Spring Kafka's own containers: the
     * watchdog starts after them and stops before them, so it never restarts a container the application is stopping.
     */
    int PHASE = org.springframework.kafka.listener.AbstractMessageListenerContainer.DEFAULT_PHASE;

    List<? extends MessageListenerContainer> listenerContainers();
}
