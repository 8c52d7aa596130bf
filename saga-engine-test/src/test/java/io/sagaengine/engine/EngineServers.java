package io.sagaengine.engine;

import io.sagaengine.testsupport.RealServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The real servers the engine's integration tests run on: a database of their own and the shared broker. */
final class EngineServers {

    static final RealServers SERVERS = RealServers.shared();

    private EngineServers() {
    }

    static void useRealServers(DynamicPropertyRegistry registry, String database) {
        SERVERS.springProperties(database).forEach((name, value) -> registry.add(name, () -> value));
    }

    static void createTopics(int partitions, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SERVERS.bootstrapServers()))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                            .get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Waits until the engine's reply listener has partitions assigned. */
    static void awaitReplyListener(KafkaListenerEndpointRegistry listeners) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            MessageListenerContainer container = listeners.getListenerContainer("saga-replies");
            return container != null && !container.getAssignedPartitions().isEmpty();
        });
    }
}
