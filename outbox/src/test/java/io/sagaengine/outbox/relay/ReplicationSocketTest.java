package io.sagaengine.outbox.relay;

import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.debezium.connector.postgresql.PostgresSchema;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.connector.postgresql.connection.ReplicationConnection;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the relay's wait on the replication socket relies on, in the Debezium and pgjdbc versions it was made for.
 * When one of these fails after an upgrade, check {@link WakeOnDataReplicationStream} against the new version
 * (Debezium's streaming loop: {@code readPending}, five empty reads, then a sleep of {@code poll.interval.ms}).
 */
class ReplicationSocketTest {

    @Test
    void thisPgjdbcLetsTheRelayWaitOnItsSocket() {
        assertThat(ReplicationSocket.unreachableBecause()).as("pgjdbc's stream and buffered input are reachable").isNull();
    }

    @Test
    void theWaitWasMadeForThisDebeziumVersion() {
        assertThat(io.debezium.connector.postgresql.Module.version())
                .as("the Debezium version WakeOnDataReplicationStream was checked against")
                .isEqualTo("3.6.1.Final");
    }

    @Test
    void debeziumStillBuildsItsReplicationConnectionInAnOverridableMethod() throws Exception {
        Method build = PostgresConnectorTask.class.getDeclaredMethod("buildReplicationConnection",
                PostgresConnection.class, PostgresSchema.class, PostgresConnectorConfig.class);
        assertThat(Modifier.isProtected(build.getModifiers())).isTrue();
        assertThat(build.getReturnType()).isEqualTo(ReplicationConnection.class);
    }
}
