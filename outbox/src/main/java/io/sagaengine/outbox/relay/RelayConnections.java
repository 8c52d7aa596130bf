package io.sagaengine.outbox.relay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens the relay's own JDBC sessions (the lock, the slot checks) with the URL's parameters, TCP keepalives
 * and bounded timeouts: none of them may wait forever on a database or network that stopped answering.
 */
final class RelayConnections {

    static final String DEFAULT_CONNECT_TIMEOUT_SECONDS = "10";
    private static final Logger log = LoggerFactory.getLogger(RelayConnections.class);
    private static final String UNDEFINED_PARAMETER = "42704";
    private static volatile boolean warnedNoIdleTimeout;

    private RelayConnections() {
    }

    static Connection open(RelaySettings settings, String purpose, Duration socketTimeout) throws SQLException {
        Connection connection = DriverManager.getConnection(settings.plainJdbcUrl(), properties(settings, purpose, socketTimeout));
        connection.setAutoCommit(true);
        return connection;
    }

    /**
     * A session that holds session-level advisory locks and cannot outlive a holder that stopped answering: TCP
     * keepalives on both ends (a dead peer or network) and {@code idle_session_timeout} (a frozen process whose kernel
     * still answers keepalives), so a live holder must use the session, e.g. ping it, more often than
     * {@code sessionTimeout}.
     */
    static Connection openLockSession(RelaySettings settings, String purpose, Duration sessionTimeout) throws SQLException {
        Connection connection = open(settings, purpose, sessionTimeout);
        long timeoutSeconds = Math.max(1, sessionTimeout.toSeconds());
        try (Statement s = connection.createStatement()) {
            // the server probes the client too, so a vanished peer ends the session on its own
            s.execute("SET tcp_keepalives_idle = " + Math.max(1, timeoutSeconds / 2));
            s.execute("SET tcp_keepalives_interval = " + Math.max(1, timeoutSeconds / 6));
            s.execute("SET tcp_keepalives_count = 3");
            try {
                s.execute("SET idle_session_timeout = " + sessionTimeout.toMillis());
            } catch (SQLException e) {
                if (!UNDEFINED_PARAMETER.equals(e.getSQLState())) {
                    throw e;
                }
                if (!warnedNoIdleTimeout) {
                    warnedNoIdleTimeout = true;
                    log.warn("PostgreSQL before 14 has no idle_session_timeout: a holder of a lock that freezes keeps it "
                            + "until its TCP connection dies ({})", purpose);
                }
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** The URL's parameters first; keepalives and the socket timeout always; connect timeouts unless the URL sets them. */
    static Properties properties(RelaySettings settings, String purpose, Duration socketTimeout) {
        Properties properties = new Properties();
        properties.putAll(settings.jdbcParameters());
        properties.putIfAbsent("connectTimeout", DEFAULT_CONNECT_TIMEOUT_SECONDS);
        properties.putIfAbsent("loginTimeout", DEFAULT_CONNECT_TIMEOUT_SECONDS);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("socketTimeout", String.valueOf(Math.max(1, (socketTimeout.toMillis() + 999) / 1000)));
        properties.setProperty("ApplicationName", "outbox-relay " + purpose);
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        return properties;
    }
}
