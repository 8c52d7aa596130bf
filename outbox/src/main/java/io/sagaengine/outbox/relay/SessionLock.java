package io.sagaengine.outbox.relay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A name held by a PostgreSQL session-level advisory lock, on a session of its own that cannot outlive a holder
 * that stopped answering (keepalives, {@code idle_session_timeout}: see the relay's lock). Whoever holds the lock
 * holds the name; the name is free again the moment the holder's process dies (its session ends with it), and
 * within {@code sessionTimeout} when the holder freezes. One name at a time per instance of this class.
 *
 * <p>Keys are the two-integer form ({@code hashtext(namespace)}, {@code hashtext(name)}), which never collides with
 * the relay's single-key lock. Two names whose hashes collide exclude each other, which costs a name, never safety.
 */
public final class SessionLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionLock.class);

    private final RelaySettings settings;
    private final String namespace;
    private final Duration sessionTimeout;
    private final String holderLabel;
    private Connection connection;
    private String held;

    /**
     * @param holderLabel says who holds a name, e.g. a process id and host; shown with the name in the session's
     *                    {@code application_name}
     */
    public SessionLock(RelaySettings settings, String namespace, Duration sessionTimeout, String holderLabel) {
        this.settings = settings;
        this.namespace = namespace;
        this.sessionTimeout = sessionTimeout;
        this.holderLabel = holderLabel;
    }

    /**
     * Tries once to hold {@code name} (giving up a name held before). True if this session holds it now.
     *
     * @throws SQLException when the database cannot be reached (nothing is known then about who holds the name)
     */
    public synchronized boolean tryAcquire(String name) throws SQLException {
        if (name.equals(held) && stillHeld()) {
            return true;
        }
        release();
        if (connection == null || connection.isClosed()) {
            connection = RelayConnections.openLockSession(settings, namespace, sessionTimeout);
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
            ps.setString(1, namespace);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    return false;
                }
            }
            held = name;
            // who holds which name shows in pg_stat_activity, and in the message that refuses a name already held
            try (PreparedStatement label = connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                label.setString(1, truncate(namespace + " " + name + " " + holderLabel, 63));
                label.execute();
            }
            return true;
        } catch (SQLException e) {
            closeSession();
            throw e;
        }
    }

    /** Pings the session (which keeps it from timing out); true while the session that holds the name lives. */
    public synchronized boolean stillHeld() {
        if (held == null || connection == null) {
            return false;
        }
        try {
            if (connection.isValid(2)) {
                return true;
            }
        } catch (SQLException e) {
            log.debug("Session of lock {} failed: {}", namespace, e.getMessage());
        }
        closeSession();
        return false;
    }

    /**
     * Who holds {@code name} now, as its session shows it ({@code application_name}, client address, since when),
     * or {@code null} when nobody does or it cannot be told.
     */
    public synchronized String holderOf(String name) {
        if (connection == null) {
            return null;
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT a.application_name, a.client_addr, a.backend_start
                  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                   AND l.classid::bigint = (hashtext(?)::bigint & 4294967295)
                   AND l.objid::bigint = (hashtext(?)::bigint & 4294967295)""")) {
            ps.setString(1, namespace);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "session '" + rs.getString(1) + "' from " + rs.getString(2) + " since "
                        + rs.getTimestamp(3) : null;
            }
        } catch (SQLException e) {
            log.debug("Could not tell who holds {}: {}", name, e.getMessage());
            return null;
        }
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    /** The name this session holds, or {@code null}. */
    public synchronized String name() {
        return held;
    }

    /** Gives the name up (the session stays open for the next {@link #tryAcquire}). */
    public synchronized void release() {
        if (held == null || connection == null) {
            held = null;
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?), hashtext(?))")) {
            ps.setString(1, namespace);
            ps.setString(2, held);
            ps.execute();
        } catch (SQLException e) {
            closeSession(); // the lock goes with the session
        }
        held = null;
    }

    @Override
    public synchronized void close() {
        held = null;
        closeSession();
    }

    private void closeSession() {
        held = null;
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
