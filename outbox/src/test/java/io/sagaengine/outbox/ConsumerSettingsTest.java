package io.sagaengine.outbox;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ContainerProperties;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumerSettingsTest {

    @Test
    void aStableInstanceIdTurnsOnStaticMembershipWithAShortSessionTimeout() {
        Map<String, Object> config = new OutboxProperties.Consumer("payment-1", Duration.ofSeconds(10),
                Duration.ofSeconds(2), null).applyTo(new HashMap<>());

        assertThat(config).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "payment-1")
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    }

    @Test
    void withoutAnInstanceIdMembershipStaysDynamicAndKafkaPropertiesGivenExplicitlyWin() {
        Map<String, Object> explicit = new HashMap<>(Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000));
        Map<String, Object> config = new OutboxProperties.Consumer(" ", null, null, null).applyTo(explicit);

        assertThat(config).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    }

    @Test
    void aHeartbeatNotBelowTheSessionTimeoutIsRefused() {
        assertThatThrownBy(() -> new OutboxProperties.Consumer("x", Duration.ofSeconds(5), Duration.ofSeconds(5), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listenersCommitOncePerIntervalUnlessTheAckModeWasChosenExplicitly() {
        ContainerProperties container = new ContainerProperties("replies");
        new OutboxProperties.Consumer(null, null, null, null).applyTo(container, null);
        assertThat(container.getAckMode()).isEqualTo(ContainerProperties.AckMode.TIME);
        assertThat(container.getAckTime()).isEqualTo(1_000);

        ContainerProperties everyPoll = new ContainerProperties("replies");
        new OutboxProperties.Consumer(null, null, null, Duration.ZERO).applyTo(everyPoll, null);
        assertThat(everyPoll.getAckMode()).isEqualTo(ContainerProperties.AckMode.BATCH);

        ContainerProperties explicit = new ContainerProperties("replies");
        explicit.setAckMode(ContainerProperties.AckMode.RECORD);
        new OutboxProperties.Consumer(null, null, null, null).applyTo(explicit, ContainerProperties.AckMode.RECORD);
        assertThat(explicit.getAckMode()).isEqualTo(ContainerProperties.AckMode.RECORD);
    }

    @Test
    void aNegativeCommitIntervalIsRefused() {
        assertThatThrownBy(() -> new OutboxProperties.Consumer(null, null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
