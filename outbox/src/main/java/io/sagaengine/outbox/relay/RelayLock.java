package io.sagaengine.outbox.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A session-level PostgreSQL advisory lock that makes exactly one instance the relay of a database. The lock
 * lives as long as its connection: when the holder dies, PostgreSQL releases it and a standby takes it.
 */
final class RelayLock implements AutoCloseable {

    private final RelaySettings settings;
    private final long key;
    private Connection connection;

    RelayLock(RelaySettings settings) {
        this.settings = settings;
        this.key = ("outbox-relay:" + settings.slotName()).hashCode();
    }

    /** Tries once; true if this instance holds the lock now. */
    boolean tryAcquire() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                connection.setAutoCommit(true);
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (var rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            closeQuietly();
            return false;
        }
    }

    /** True while the connection that holds the lock is alive. */
    boolean stillHeld() {
        try {
            return connection != null && connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Bytes of WAL the slot still holds back, or -1 when unknown. Uses the lock's connection when open. */
    long slotLagBytes() {
        try {
            if (connection == null || connection.isClosed()) {
                return -1;
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint "
                            + "FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, settings.slotName());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1;
                }
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the lock goes with the connection either way
            }
            connection = null;
        }
    }
}
