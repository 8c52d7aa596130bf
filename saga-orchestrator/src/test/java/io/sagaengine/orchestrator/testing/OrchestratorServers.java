package io.sagaengine.orchestrator.testing;

import io.sagaengine.testsupport.RealServers;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * What the orchestrator's integration tests stand on: a database of their own and the broker of the real servers,
 * topics created up front, and the reply listener assigned its partitions before a test sends a reply.
 */
public final class OrchestratorServers {

    public static final RealServers SERVERS = RealServers.shared();

    /** The id of the engine's reply listener container. */
    private static final String REPLY_LISTENER = "saga-replies";

    private OrchestratorServers() {
    }

    /**
     * Points the orchestrator at the database {@code database} (created if missing) and at the broker; call it from
     * the test's {@code @DynamicPropertySource}.
     */
    public static void useRealServers(DynamicPropertyRegistry registry, String database) {
        SERVERS.springProperties(database).forEach((name, value) -> registry.add(name, () -> value));
    }

    /** Waits until the reply listener has partitions assigned, so that it hears the replies sent from now on. */
    public static void awaitReplyListener(KafkaListenerEndpointRegistry listeners) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            MessageListenerContainer container = listeners.getListenerContainer(REPLY_LISTENER);
            return container != null && !container.getAssignedPartitions().isEmpty();
        });
    }
}
