package io.sagaengine.outbox.relay;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.VisibleBufferedInputStream;

import java.io.IOException;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The socket of a replication connection, waited on until PostgreSQL sends something, for at most a given time,
 * without reading it: whatever arrives stays in pgjdbc's buffer for pgjdbc to read.
 *
 * <p>pgjdbc has no public way to wait for data (its non-blocking read checks the socket for one millisecond), so
 * this reaches two of its fields: the query executor's stream and the stream's buffered input. The wait holds the
 * executor's lock, as pgjdbc's own reads do, and restores the socket's timeout. Made for pgjdbc 42.7
 * ({@code ReplicationSocketTest} fails when a driver changes what it relies on); where the fields cannot be
 * reached, {@link #of} says so and the relay reads as Debezium does.
 */
final class ReplicationSocket {

    private static final Field PG_STREAM;
    private static final Field LOCK;
    private static final Field INPUT;
    private static final String UNREACHABLE;

    static {
        Field stream = null;
        Field lock = null;
        Field input = null;
        String unreachable = null;
        try {
            Class<?> executorBase = Class.forName("org.postgresql.core.QueryExecutorBase");
            stream = accessible(executorBase.getDeclaredField("pgStream"), PGStream.class);
            lock = accessible(executorBase.getDeclaredField("lock"), Lock.class);
            input = accessible(PGStream.class.getDeclaredField("pgInput"), VisibleBufferedInputStream.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unreachable = e.toString();
        }
        PG_STREAM = stream;
        LOCK = lock;
        INPUT = input;
        UNREACHABLE = unreachable;
    }

    private final PGStream stream;
    private final Lock lock;
    private final VisibleBufferedInputStream input;

    private ReplicationSocket(PGStream stream, Lock lock, VisibleBufferedInputStream input) {
        this.stream = stream;
        this.lock = lock;
        this.input = input;
    }

    /** Why this driver's socket cannot be waited on, or {@code null} if it can. */
    static String unreachableBecause() {
        return UNREACHABLE;
    }

    /** The socket of {@code connection}, a pgjdbc connection (possibly wrapped), if this driver lets it be reached. */
    static Optional<ReplicationSocket> of(Connection connection) throws SQLException {
        if (UNREACHABLE != null || !connection.isWrapperFor(BaseConnection.class)) {
            return Optional.empty();
        }
        QueryExecutor executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
        if (!PG_STREAM.getDeclaringClass().isInstance(executor)) {
            return Optional.empty();
        }
        try {
            PGStream stream = (PGStream) PG_STREAM.get(executor);
            return Optional.of(new ReplicationSocket(stream, (Lock) LOCK.get(executor),
                    (VisibleBufferedInputStream) INPUT.get(stream)));
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits until the server has sent something or {@code max} has passed.
     *
     * @return whether something can be read now; also {@code true} when the socket failed, so that the caller's
     *         next read meets the failure where pgjdbc reports it
     */
    boolean awaitData(Duration max) {
        lock.lock();
        try {
            if (input.available() > 0) {
                return true;
            }
            int timeout = stream.getNetworkTimeout();
            stream.setNetworkTimeout((int) Math.max(1, max.toMillis()));
            try {
                return input.ensureBytes(1, false);
            } finally {
                stream.setNetworkTimeout(timeout);
            }
        } catch (IOException e) {
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static Field accessible(Field field, Class<?> expectedType) {
        if (!expectedType.isAssignableFrom(field.getType())) {
            throw new IllegalStateException(field + " is not a " + expectedType.getName());
        }
        field.setAccessible(true);
        return field;
    }
}
