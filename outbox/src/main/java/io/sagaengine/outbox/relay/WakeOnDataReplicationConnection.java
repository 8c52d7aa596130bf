package io.sagaengine.outbox.relay;

import io.debezium.connector.postgresql.connection.Lsn;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
import io.debezium.connector.postgresql.connection.ReplicationStream;
import io.debezium.connector.postgresql.connection.WalPositionLocator;
import io.debezium.connector.postgresql.spi.SlotCreationResult;
import io.debezium.jdbc.JdbcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.Optional;

/** Debezium's replication connection, whose streams are {@link WakeOnDataReplicationStream}s where the driver allows. */
final class WakeOnDataReplicationConnection implements ReplicationConnection {

    private static final Logger log = LoggerFactory.getLogger(WakeOnDataReplicationConnection.class);

    private final ReplicationConnection delegate;
    private final ReplicationReads reads;

    WakeOnDataReplicationConnection(ReplicationConnection delegate, ReplicationReads reads) {
        this.delegate = delegate;
        this.reads = reads;
    }

    @Override
    public ReplicationStream startStreaming(WalPositionLocator walPosition) throws SQLException, InterruptedException {
        return wakingOnData(delegate.startStreaming(walPosition));
    }

    @Override
    public ReplicationStream startStreaming(Lsn offset, WalPositionLocator walPosition)
            throws SQLException, InterruptedException {
        return wakingOnData(delegate.startStreaming(offset, walPosition));
    }

    /** The socket is looked up per stream: a reconnect replaces the connection underneath. */
    private ReplicationStream wakingOnData(ReplicationStream stream) throws SQLException {
        Optional<ReplicationSocket> socket = delegate instanceof JdbcConnection jdbc
                ? ReplicationSocket.of(jdbc.connection()) : Optional.empty();
        if (socket.isEmpty()) {
            log.warn("The relay cannot wait on the replication socket ({}): it reads the stream as Debezium does, "
                    + "every poll.interval.ms", ReplicationSocket.unreachableBecause() != null
                    ? ReplicationSocket.unreachableBecause() : "not a pgjdbc connection");
            return stream;
        }
        return new WakeOnDataReplicationStream(stream, socket.get(), reads);
    }

    @Override
    public Optional<SlotCreationResult> createReplicationSlot() throws SQLException {
        return delegate.createReplicationSlot();
    }

    @Override
    public void initConnection() throws SQLException, InterruptedException {
        delegate.initConnection();
    }

    @Override
    public boolean isConnected() throws SQLException {
        return delegate.isConnected();
    }

    @Override
    public void reconnect() throws SQLException {
        delegate.reconnect();
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }
}
