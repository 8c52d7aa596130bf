package io.sagaengine.outbox.relay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A session-level PostgreSQL advisory lock that makes exactly one instance the relay of a database. The lock
 * lives as long as its session, and the session cannot outlive a leader that stopped answering:
 *
 * <ul>
 *   <li>a dead peer or network: TCP keepalives on both ends, a client socket timeout;</li>
 *   <li>a frozen process (SIGSTOP, a stalled VM), whose kernel still answers keepalives: the session runs with
 *       {@code idle_session_timeout}, and a live holder pings it every standby check, so PostgreSQL ends only
 *       the session of a holder that stopped pinging, and the lock goes with it.</li>
 * </ul>
 *
 * <p>A lease row with a heartbeat would need a table, a clock and a takeover rule of its own; the advisory lock
 * already gives mutual exclusion and automatic release, and the server-side timeout bounds how long a silent
 * holder keeps it. A former holder that wakes up finds its session gone on its next ping. Whatever it still
 * had in flight is fenced by the slot: only one walsender can use it, and a new leader ends the old one's.
 */
final class RelayLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RelayLock.class);

    private final RelaySettings settings;
    private final long key;
    private final Duration sessionTimeout;
    private Connection connection;

    RelayLock(RelaySettings settings) {
        this.settings = settings;
        this.key = ("outbox-relay:" + settings.slotName()).hashCode();
        this.sessionTimeout = settings.lockSessionTimeout();
    }

    /** Tries once; true if this instance holds the lock now. Opens the session when needed. */
    boolean tryAcquire() {
        try {
            open();
            try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (var rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            log.debug("Relay lock session for {} failed: {}", settings.database(), e.getMessage());
            closeQuietly();
            return false;
        }
    }

    /** Pings the session (which keeps it from timing out); true while the session that holds the lock lives. */
    boolean stillHeld() {
        try {
            return connection != null && connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Ends any walsender that still streams the slot: with the lock held here, it belongs to a former leader
     * that stopped answering (or to this instance's own failed engine), and the new engine needs the slot.
     */
    void endOtherUsersOfSlot() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT active_pid, pg_terminate_backend(active_pid) FROM pg_replication_slots "
                        + "WHERE slot_name = ? AND active_pid IS NOT NULL AND active_pid <> pg_backend_pid()")) {
            ps.setString(1, settings.slotName());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    log.warn("Ended walsender {} that still held replication slot {} (a former relay that stopped "
                            + "answering, or a failed engine); it may have re-sent a few records", rs.getInt(1),
                            settings.slotName());
                }
            }
        }
    }

    /** Bytes of WAL the slot still holds back, or -1 when unknown. Uses the lock's session when open. */
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

    /** Releases the lock by ending its session. */
    @Override
    public void close() {
        closeQuietly();
    }

    private void open() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return;
        }
        connection = RelayConnections.openLockSession(settings, "lock", sessionTimeout);
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the lock goes with the session either way
            }
            connection = null;
        }
    }
}
