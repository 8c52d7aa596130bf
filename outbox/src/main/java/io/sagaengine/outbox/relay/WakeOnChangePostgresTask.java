package io.sagaengine.outbox.relay;

import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.connector.postgresql.PostgresSchema;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
import io.debezium.pipeline.ChangeEventSourceCoordinator;
import io.debezium.pipeline.DataChangeEvent;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debezium's PostgreSQL task, except that a poll returns as soon as changes are buffered: it waits on the
 * {@link WakeOnChangeQueue} for the first change and takes whatever is buffered then, instead of letting
 * Debezium's queue wait out the rest of {@code poll.interval.ms} for a batch that will not fill.
 *
 * <p>While nothing arrives, every {@link #IDLE_WAIT} it falls back to Debezium's own poll, which is where a
 * failure of the streaming thread surfaces and where the task is stopped.
 *
 * <p>Its streaming thread reads the replication stream through a {@link WakeOnDataReplicationConnection}, so that
 * it waits for WAL on the socket instead of sleeping between empty reads.
 */
public final class WakeOnChangePostgresTask extends PostgresConnectorTask {

    static final Duration IDLE_WAIT = Duration.ofMillis(200);

    private static final Logger log = LoggerFactory.getLogger(WakeOnChangePostgresTask.class);

    private volatile String queueKey;
    private volatile int maxBatchSize = CommonConnectorConfig.DEFAULT_MAX_BATCH_SIZE;

    @Override
    public ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> start(Configuration config) {
        queueKey = config.getString(WakeOnChangeQueue.KEY);
        maxBatchSize = config.getInteger(CommonConnectorConfig.MAX_BATCH_SIZE);
        ChangeEventSourceCoordinator<PostgresPartition, PostgresOffsetContext> coordinator = super.start(config);
        if (WakeOnChangeQueue.registered(queueKey) == null) {
            log.warn("Debezium does not buffer changes in the wake-on-change queue (queue.provider.type={}): "
                    + "the relay hands over changes once per poll.interval.ms", config.getString("queue.provider.type"));
        }
        return coordinator;
    }

    @Override
    protected ReplicationConnection buildReplicationConnection(PostgresConnection connection, PostgresSchema schema,
                                                               PostgresConnectorConfig config) throws SQLException {
        ReplicationConnection built = super.buildReplicationConnection(connection, schema, config);
        return queueKey == null ? built : new WakeOnDataReplicationConnection(built, ReplicationReads.register(queueKey));
    }

    @Override
    protected void doStop() {
        try {
            super.doStop();
        } finally {
            if (queueKey != null) {
                ReplicationReads.unregister(queueKey);
            }
        }
    }

    @Override
    public List<SourceRecord> doPoll() throws InterruptedException {
        WakeOnChangeQueue<?> queue = WakeOnChangeQueue.registered(queueKey);
        if (queue == null || !queue.awaitEvent(IDLE_WAIT)) {
            return super.doPoll();
        }
        List<?> events = queue.drain(maxBatchSize);
        List<SourceRecord> records = new ArrayList<>(events.size());
        for (Object event : events) {
            records.add(((DataChangeEvent) event).getRecord());
        }
        return records;
    }
}
