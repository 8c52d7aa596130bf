package io.sagaengine.outbox.relay;

import io.debezium.connector.postgresql.connection.Lsn;
import io.debezium.connector.postgresql.connection.ReplicationStream;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * Debezium's replication stream, except that a read that finds nothing waits on the socket (at most
 * {@link #EMPTY_READ_WAIT}) and reads again as soon as PostgreSQL sends something.
 *
 * <p>Why: Debezium's streaming loop reads without blocking (pgjdbc checks the socket for a millisecond) and, after
 * five empty reads, sleeps {@code poll.interval.ms}. A change committed during that sleep waited for it, on every
 * hop, and the loop woke about two hundred times a second while nothing happened. With this stream an empty read
 * takes up to {@link #EMPTY_READ_WAIT} and ends when data arrives, so the loop reacts at once and, idle, wakes a
 * few times a second (still often enough for its heartbeats, status updates and a stop to be noticed).
 *
 * <p>Upstream, a blocking read with a timeout in Debezium's {@code PostgresStreamingChangeEventSource} (pgjdbc's
 * {@code PGReplicationStream.read()} blocks, but without a bound) would make this class unnecessary.
 */
final class WakeOnDataReplicationStream implements ReplicationStream {

    static final Duration EMPTY_READ_WAIT = Duration.ofMillis(40);

    private final ReplicationStream delegate;
    private final ReplicationSocket socket;
    private final ReplicationReads reads;

    WakeOnDataReplicationStream(ReplicationStream delegate, ReplicationSocket socket, ReplicationReads reads) {
        this.delegate = delegate;
        this.socket = socket;
        this.reads = reads;
    }

    @Override
    public boolean readPending(ReplicationMessageProcessor processor) throws SQLException, InterruptedException {
        if (delegate.readPending(processor)) {
            return true;
        }
        reads.emptyRead();
        if (!socket.awaitData(EMPTY_READ_WAIT)) {
            return false;
        }
        reads.wokenByData();
        return delegate.readPending(processor);
    }

    @Override
    public void read(ReplicationMessageProcessor processor) throws SQLException, InterruptedException {
        delegate.read(processor);
    }

    @Override
    public void flushLsn(Lsn lsn) throws SQLException {
        delegate.flushLsn(lsn);
    }

    @Override
    public Lsn lastReceivedLsn() {
        return delegate.lastReceivedLsn();
    }

    @Override
    public Lsn startLsn() {
        return delegate.startLsn();
    }

    @Override
    public void startKeepAlive(ExecutorService service) {
        delegate.startKeepAlive(service);
    }

    @Override
    public void stopKeepAlive() {
        delegate.stopKeepAlive();
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }
}
