package io.sagaengine.engine;

import io.sagaengine.testsupport.RealServers;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The real servers the engine's integration tests run on: a database of their own and the shared broker. */
final class EngineServers {

    static final RealServers SERVERS = RealServers.shared();

    private EngineServers() {
    }

    static void useRealServers(DynamicPropertyRegistry registry, String database) {
        SERVERS.springProperties(database).forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Waits until the engine's reply listener has partitions assigned. */
    static void awaitReplyListener(KafkaListenerEndpointRegistry listeners) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            MessageListenerContainer container = listeners.getListenerContainer("saga-replies");
            return container != null && !container.getAssignedPartitions().isEmpty();
        });
    }
}
