package io.sagaengine.chaos;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Has the broker fence a live static group member, as a second process started with the same
 * {@code group.instance.id} would: a consumer joins under that name, waits for its assignment, and closes
 * without committing anything. A static member does not leave the group when it closes; the caller removes it.
 */
final class StaticMemberFence {

    static final String CLIENT_ID = "chaos-fence";

    private StaticMemberFence() {
    }

    /** Returns once the impostor held the member's partitions; false if it got none within {@code within}. */
    static boolean takeOver(String bootstrapServers, String group, String instanceId, Collection<String> topics,
                            Duration within) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId,
                ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 15_000,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
                if (!consumer.assignment().isEmpty()) {
                    return true;
                }
            }
            return false;
        }
    }
}
