package io.sagaengine.outbox.relay;

import io.debezium.connector.postgresql.PostgresConnector;
import org.apache.kafka.connect.connector.Task;

/** Debezium's PostgreSQL connector running {@link WakeOnChangePostgresTask}; the relay's {@code connector.class}. */
public final class WakeOnChangePostgresConnector extends PostgresConnector {

    @Override
    public Class<? extends Task> taskClass() {
        return WakeOnChangePostgresTask.class;
    }
}
