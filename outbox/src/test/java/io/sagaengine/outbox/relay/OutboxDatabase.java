package io.sagaengine.outbox.relay;

import io.sagaengine.testsupport.RealServers;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** A fresh database with the outbox tables, for tests that drive relays without a Spring context. */
final class OutboxDatabase {

    final String jdbcUrl;
    final RealServers servers;
    final JdbcTemplate jdbc;

    OutboxDatabase(RealServers servers, String name) {
        this.servers = servers;
        this.jdbcUrl = servers.createDatabase(name);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(jdbcUrl, servers.username(), servers.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/outbox").load().migrate();
        this.jdbc = new JdbcTemplate(dataSource);
    }

    RelaySettings relaySettings() {
        return RelaySettings.forJdbcUrl(jdbcUrl, servers.username(), servers.password())
                .withTiming(java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(500),
                        java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(200));
    }

    /** Commits one outbox row (insert and delete in one transaction, as the library's writer does). */
    void commit(String topic, String key, String payload) {
        jdbc.execute((java.sql.Connection c) -> {
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, "
                    + "schema_version, saga_id) VALUES (?, 'saga', ?, 'TestMessage', ?, ?::jsonb, 1, ?)");
                 var delete = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                java.util.UUID id = java.util.UUID.randomUUID();
                insert.setObject(1, id);
                insert.setString(2, key);
                insert.setString(3, topic);
                insert.setString(4, payload);
                insert.setString(5, key);
                insert.executeUpdate();
                delete.setObject(1, id);
                delete.executeUpdate();
                c.commit();
            } catch (java.sql.SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return null;
        });
    }
}
