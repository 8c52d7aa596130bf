package io.sagaengine.chaos;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Has the broker fence a live static group member, as a second process started with the same
 * {@code group.instance.id} would: an impostor joins under that name and holds the member's partitions
 * (polling, never committing) until the fenced member has noticed, on its next heartbeat. A static member does
 * not leave the group when it closes: the caller removes it from the group afterwards.
 */
final class StaticMemberFence implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    private StaticMemberFence(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Joins {@code group} as {@code instanceId}, subscribed to {@code topics}. */
    static StaticMemberFence join(String bootstrapServers, String group, String instanceId, Collection<String> topics) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId,
                ConsumerConfig.CLIENT_ID_CONFIG, "chaos-fence",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 30_000,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(topics);
        return new StaticMemberFence(consumer);
    }

    /** Polls until the impostor holds partitions; false if it got none within {@code within}. */
    boolean awaitAssignment(Duration within) {
        return pollUntil(within, () -> !consumer.assignment().isEmpty());
    }

    /** Keeps polling (and so holding the partitions) until {@code done} or {@code atMost} passed. */
    boolean holdUntil(Duration atMost, BooleanSupplier done) {
        return pollUntil(atMost, done);
    }

    /** Its member id: the broker may keep the fenced member's client id for it, its member id tells it apart. */
    String memberId() {
        return consumer.groupMetadata().memberId();
    }

    private boolean pollUntil(Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200));
            if (condition.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
