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
    void sessionSettingsApplyButTheStaticIdentityIsLeasedNotConfigured() {
        Map<String, Object> config = consumer("payment-1", Duration.ofSeconds(10), Duration.ofSeconds(2), null)
                .applyTo(new HashMap<>());

        assertThat(config).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    }

    @Test
    void kafkaPropertiesGivenExplicitlyWinAndABlankInstanceIdIsNone() {
        Map<String, Object> explicit = new HashMap<>(Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000));
        OutboxProperties.Consumer consumer = consumer(" ", null, null, null);
        Map<String, Object> config = consumer.applyTo(explicit);

        assertThat(consumer.instanceId()).isNull();
        assertThat(config).containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    }

    @Test
    void aHeartbeatNotBelowTheSessionTimeoutIsRefused() {
        assertThatThrownBy(() -> consumer("x", Duration.ofSeconds(5), Duration.ofSeconds(5), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConfiguredIdentityWithoutStaticMembershipIsRefused() {
        assertThatThrownBy(() -> new OutboxProperties.Consumer("payment-1", false, null, null, null, null, null, null, null))
                .hasMessageContaining("static-membership");
    }

    @Test
    void theLeaseIsKeptAliveAtLeastThreeTimesPerLeaseTimeout() {
        assertThatThrownBy(() -> new OutboxProperties.Consumer(null, true, Duration.ofSeconds(2), null, null, null,
                Duration.ofSeconds(1), null, null)).hasMessageContaining("watch-interval");
    }

    private static OutboxProperties.Consumer consumer(String instanceId, Duration sessionTimeout, Duration heartbeat,
                                                      Duration commitInterval) {
        return new OutboxProperties.Consumer(instanceId, true, null, sessionTimeout, heartbeat, commitInterval, null,
                null, null);
    }

    @Test
    void listenersCommitOncePerIntervalUnlessTheAckModeWasChosenExplicitly() {
        ContainerProperties container = new ContainerProperties("replies");
        consumer(null, null, null, null).applyTo(container, null);
        assertThat(container.getAckMode()).isEqualTo(ContainerProperties.AckMode.TIME);
        assertThat(container.getAckTime()).isEqualTo(1_000);

        ContainerProperties everyPoll = new ContainerProperties("replies");
        consumer(null, null, null, Duration.ZERO).applyTo(everyPoll, null);
        assertThat(everyPoll.getAckMode()).isEqualTo(ContainerProperties.AckMode.BATCH);

        ContainerProperties explicit = new ContainerProperties("replies");
        explicit.setAckMode(ContainerProperties.AckMode.RECORD);
        consumer(null, null, null, null).applyTo(explicit, ContainerProperties.AckMode.RECORD);
        assertThat(explicit.getAckMode()).isEqualTo(ContainerProperties.AckMode.RECORD);
    }

    @Test
    void aNegativeCommitIntervalIsRefused() {
        assertThatThrownBy(() -> consumer(null, null, null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
