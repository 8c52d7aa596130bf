package io.sagaengine.orchestrator.order;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/**
 * Listens on PostgreSQL's {@value #CHANNEL} channel, which {@link JdbcOrderOutcomes} notifies in the
 * transaction that changes an order, so long polls and status subscriptions ({@link OrderSubscriptions}) wake up on
 * changes committed by any instance and {@link OrderVersions} knows every order's current version. Uses a connection
 * of its own, outside the pool, because a listening connection is never given back.
 *
 * <p>While the connection lives, no notification is lost; a connection that broke silently would look alive, so it
 * is probed every {@code orders.recheck-interval} and a probe that gets no answer within
 * {@value #SOCKET_TIMEOUT_SECONDS} s ends it. Whenever it ends, the versions known are forgotten before anything else.
 */
@Component
class OrderChangeListener implements SmartLifecycle {

    static final String CHANNEL = "order_changed";

    private static final Logger log = LoggerFactory.getLogger(OrderChangeListener.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final int SOCKET_TIMEOUT_SECONDS = 5;

    private final DataSourceProperties dataSource;
    private final OrderVersions versions;
    private final OrderWaiters waiters;
    private final OrderSubscriptions subscriptions;
    private final Duration probeInterval;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;

    OrderChangeListener(DataSourceProperties dataSource, OrderVersions versions, OrderWaiters waiters,
                        OrderSubscriptions subscriptions, OrderApiProperties properties) {
        this.dataSource = dataSource;
        this.versions = versions;
        this.waiters = waiters;
        this.subscriptions = subscriptions;
        this.probeInterval = properties.recheckInterval();
    }

    /** Whether the listening connection is up; while it is down, waiters rely on the periodic re-check. */
    boolean isListening() {
        return listening;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::listen, "order-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                versions.listening();
                listening = true;
                backoff = Duration.ofMillis(500);
                // changes committed while nobody listened
                waiters.recheckAll();
                subscriptions.recheckAll();
                PGConnection postgres = connection.unwrap(PGConnection.class);
                long probed = System.nanoTime();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                    if (System.nanoTime() - probed >= probeInterval.toNanos()) {
                        probe(connection);
                        probed = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                stoppedListening();
                if (running) {
                    log.warn("Listening for order changes failed, retrying in {}: {}", backoff, e.toString());
                    LockSupport.parkNanos(backoff.toNanos());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            } finally {
                stoppedListening();
            }
        }
    }

    private void stoppedListening() {
        listening = false;
        versions.notListening();
    }

    private static void probe(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        }
    }

    private void dispatch(String payload) {
        Optional<OrderChange> change = OrderChange.parse(payload);
        if (change.isEmpty()) {
            log.debug("Ignoring a notification on {} that names no order", CHANNEL);
            return;
        }
        versions.changed(change.get());
        // first, as it only hands the change on: a long poll's read that fails cannot keep it from the subscribers
        subscriptions.changed(change.get());
        waiters.changed(change.get());
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        String user = dataSource.determineUsername();
        String password = dataSource.determinePassword();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "order-change-listener");
        return DriverManager.getConnection(dataSource.determineUrl(), properties);
    }
}
