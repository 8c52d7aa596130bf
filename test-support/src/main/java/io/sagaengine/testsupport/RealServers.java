package io.sagaengine.testsupport;

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

    static RealServers shared() {
        return SharedServers.get();
    }
}
