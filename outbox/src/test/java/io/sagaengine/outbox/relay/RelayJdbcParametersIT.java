package io.sagaengine.outbox.relay;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.outbox.TopicReader;
import io.sagaengine.testsupport.RealServers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The JDBC URL's parameters reach the relay's connections: they take effect, and Debezium accepts them. */
class RelayJdbcParametersIT {

    private final RealServers servers = RealServers.shared();

    @Test
    void theRelayStreamsWithConnectionParametersInItsUrl() throws Exception {
        OutboxDatabase db = new OutboxDatabase(servers, "outbox_jdbc_parameters_it");
        String topic = "outbox-jdbc-parameters-it." + UUID.randomUUID();
        RelaySettings settings = RelaySettings.forJdbcUrl(db.jdbcUrl + (db.jdbcUrl.contains("?") ? "&" : "?")
                + "sslmode=disable&connectTimeout=5&tcpKeepAlive=true&options=-c%20lock_timeout%3D30s",
                servers.username(), servers.password()).withTiming(null, Duration.ofMillis(500), null, Duration.ofMillis(200));
        try (TopicReader reader = new TopicReader(servers.bootstrapServers(), topic);
             OutboxRelay relay = new OutboxRelay(settings, servers.bootstrapServers(), new SimpleMeterRegistry())) {
            relay.start();
            assertThat(relay.awaitStreaming(Duration.ofSeconds(60))).isTrue();
            db.commit(topic, "k", "{\"seq\": 1}");
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.size() == 1);
        } finally {
            db.dropSlot();
        }
    }

    @Test
    void aParameterTheServerCannotMeetFailsTheRelayLoudly() {
        OutboxDatabase db = new OutboxDatabase(servers, "outbox_jdbc_parameters_it");
        RelaySettings settings = RelaySettings.forJdbcUrl(db.jdbcUrl + (db.jdbcUrl.contains("?") ? "&" : "?")
                + "sslmode=require", servers.username(), servers.password());
        try (OutboxRelay relay = new OutboxRelay(settings, servers.bootstrapServers(), new SimpleMeterRegistry())) {
            assertThatThrownBy(relay::start).as("the test server has no TLS").hasMessageContaining("SSL");
        }
    }
}
