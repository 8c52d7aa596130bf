package io.sagaengine.operations.deadletter;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads dead-letter topics with a plain consumer of its own per call: assigned partitions and seeks, no consumer
 * group, so nothing is committed and no rebalance touches the services' groups. Every read is bounded in time.
 */
final class DeadLetterReader {

    static final int MAX_POLL_RECORDS = 200;

    private final Map<String, Object> config;
    private final Duration timeout;

    /** @param consumerConfig connection and security settings, as for any consumer of the service */
    DeadLetterReader(Map<String, Object> consumerConfig, Duration timeout) {
        Map<String, Object> own = new HashMap<>(consumerConfig);
        own.remove(ConsumerConfig.GROUP_ID_CONFIG);
        own.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        own.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        own.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        own.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1, timeout.toMillis()));
        own.put(ConsumerConfig.CLIENT_ID_CONFIG, "saga-operations-dead-letter-reader");
        this.config = Map.copyOf(own);
        this.timeout = timeout;
    }

    /** The record at these coordinates, if the partition still holds it. */
    Optional<DeadLetter> read(Coordinates at) {
        TopicPartition partition = new TopicPartition(at.topic(), at.partition());
        try (Consumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, at.offset());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.offset() == at.offset()) {
                        return Optional.of(DeadLetter.of(record));
                    }
                    if (record.offset() > at.offset()) {
                        return Optional.empty();
                    }
                }
                if (consumer.position(partition) > at.offset()) {
                    return Optional.empty(); // a gap: the offset held a transaction marker or was compacted away
                }
            }
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("reading " + at + " failed (" + e.getClass().getSimpleName() + ")", e);
        }
        throw new KafkaUnavailableException("reading " + at + " took longer than " + timeout, null);
    }

    /**
     * Reads the partitions from the cursor to the ends given, merged oldest first; close it when done.
     *
     * @param ranges the partitions and the offsets they held when the read began
     */
    MergedScan scan(String topic, List<DeadLetterOffsets.Range> ranges, DeadLetterCursor from) {
        try {
            return new MergedScan(consumer(), topic, ranges, from, System.nanoTime() + timeout.toNanos());
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("reading " + topic + " failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private Consumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
