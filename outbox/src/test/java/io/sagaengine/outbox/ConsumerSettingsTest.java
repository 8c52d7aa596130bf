package io.sagaengine.outbox;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerSettingsTest {

    @Test
    void aStableInstanceIdTurnsOnStaticMembershipWithAShortSessionTimeout() {
        Map<String, Object> config = new OutboxProperties.Consumer("payment-1", Duration.ofSeconds(10),
                Duration.ofSeconds(2)).applyTo(new HashMap<>());

        assertThat(config).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "payment-1")
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    }

    @Test
    void withoutAnInstanceIdMembershipStaysDynamicAndKafkaPropertiesGivenExplicitlyWin() {
        Map<String, Object> explicit = new HashMap<>(Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000));
        Map<String, Object> config = new OutboxProperties.Consumer(" ", null, null).applyTo(explicit);

        assertThat(config).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    }

    @Test
    void aHeartbeatNotBelowTheSessionTimeoutIsRefused() {
        assertThatThrownBy(() -> new OutboxProperties.Consumer("x", Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
