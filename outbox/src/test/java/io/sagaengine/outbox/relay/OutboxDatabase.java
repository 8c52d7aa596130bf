package io.sagaengine.outbox.relay;

import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxMessage;
import io.sagaengine.testsupport.RealServers;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** A fresh database with the outbox tables, for tests that drive relays without a Spring context. */
public final class OutboxDatabase {

    public final String jdbcUrl;
    public final RealServers servers;
    public final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final TransactionTemplate transactions;

    public OutboxDatabase(RealServers servers, String name) {
        this.servers = servers;
        this.jdbcUrl = servers.createDatabase(name);
        DriverManagerDataSource dataSource = new DriverManagerDataSource(jdbcUrl, servers.username(), servers.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/outbox").load().migrate();
        this.jdbc = new JdbcTemplate(dataSource);
        this.outbox = Outbox.jdbc(jdbc, false);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public RelaySettings relaySettings() {
        return RelaySettings.forJdbcUrl(jdbcUrl, servers.username(), servers.password())
                .withTiming(java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(500),
                        java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(200));
    }

    /** Drops the relay's slot (ending a walsender still on it), so tests leave no slot holding WAL behind. */
    public void dropSlot() {
        String slot = relaySettings().slotName();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            jdbc.queryForList("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                    + "WHERE slot_name = ? AND active_pid IS NOT NULL", slot);
            jdbc.queryForList("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?", slot);
            return jdbc.queryForObject("SELECT count(*) FROM pg_replication_slots WHERE slot_name = ?", Integer.class, slot) == 0;
        });
    }

    /** Commits one outbox row through the library's writer. */
    public void commit(String topic, String key, String payload) {
        transactions.executeWithoutResult(status -> outbox.append(
                OutboxMessage.to(topic).saga(key).type("TestMessage", 1).payload(payload).build()));
    }
}
