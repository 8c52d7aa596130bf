package io.sagaengine.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The real PostgreSQL server and Kafka broker that integration tests run against.
 *
 * <p>One set per JVM, started on first use and shared by every test class, so a suite pays the start-up
 * once. The flavour is chosen by the system property {@code saga.test.servers}: {@code embedded} (the
 * default: real PostgreSQL 17 binaries and an in-process KRaft broker, no Docker needed) or
 * {@code testcontainers} (Docker containers; tests skip when Docker is absent).
 */
public interface RealServers {

    String PROPERTY = "saga.test.servers";

    /** Creates the database if it does not exist yet and returns its JDBC URL. */
    String createDatabase(String name);

    String jdbcUrl(String database);

    String username();

    String password();

    String bootstrapServers();

    /**
     * The Spring Boot properties that point a service at these servers, its own database created first:
     * datasource URL, user and password, and the Kafka bootstrap servers.
     */
    default java.util.Map<String, String> springProperties(String database) {
        return java.util.Map.of(
                "spring.datasource.url", createDatabase(database),
                "spring.datasource.username", username(),
                "spring.datasource.password", password(),
                "spring.kafka.bootstrap-servers", bootstrapServers());
    }

    /**
     * Creates each topic with {@code partitions} partitions unless it exists (an earlier test class may own it),
     * and returns once the broker names a leader for each partition: a client that asks for a topic before then
     * gets it without leaders and asks again, and those metadata requests count among its requests.
     */
    default void createTopics(int partitions, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
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
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(topics).allTopicNames()
                    .get(10, TimeUnit.SECONDS).values().stream().flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null));
        }
    }

    static RealServers shared() {
        return SharedServers.get();
    }
}
