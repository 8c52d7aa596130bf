package io.sagaengine.outbox.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens the relay's own JDBC sessions (the lock, the slot checks) with the URL's parameters, TCP keepalives
 * and bounded timeouts: none of them may wait forever on a database or network that stopped answering.
 */
final class RelayConnections {

    static final String DEFAULT_CONNECT_TIMEOUT_SECONDS = "10";

    private RelayConnections() {
    }

    static Connection open(RelaySettings settings, String purpose, Duration socketTimeout) throws SQLException {
        Connection connection = DriverManager.getConnection(settings.plainJdbcUrl(), properties(settings, purpose, socketTimeout));
        connection.setAutoCommit(true);
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
