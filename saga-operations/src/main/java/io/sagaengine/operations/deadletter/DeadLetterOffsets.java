package io.sagaengine.operations.deadletter;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The offsets a dead-letter topic holds, per partition, from a Kafka admin client (created on first use, shared,
 * closed with the context). A topic that does not exist yet holds nothing.
 */
final class DeadLetterOffsets implements AutoCloseable {

    /** The records of one partition still in the log: offsets from {@code begin} (inclusive) to {@code end}. */
    record Range(int partition, long begin, long end) {
        long size() {
            return Math.max(0, end - begin);
        }

        boolean holds(long offset) {
            return offset >= begin && offset < end;
        }
    }

    private final Map<String, Object> config;
    private final Duration timeout;
    private Admin admin;

    DeadLetterOffsets(Map<String, Object> adminConfig, Duration timeout) {
        this.config = new HashMap<>(adminConfig);
        int millis = (int) Math.max(1, timeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "saga-operations-dead-letters");
        this.timeout = timeout;
    }

    /**
     * @return the partitions in order; empty when the topic does not exist
     * @throws KafkaUnavailableException when Kafka does not answer within the timeout
     */
    List<Range> ranges(String topic) {
        Admin client = admin();
        try {
            TopicDescription description;
            try {
                description = client.describeTopics(List.of(topic)).allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return List.of();
                }
                throw e;
            }
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> begins =
                    client.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    client.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<Range> ranges = new ArrayList<>();
            for (TopicPartition partition : earliest.keySet()) {
                ranges.add(new Range(partition.partition(), begins.get(partition).offset(),
                        ends.get(partition).offset()));
            }
            ranges.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            return ranges;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while reading the offsets of " + topic, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new KafkaUnavailableException("reading the offsets of " + topic + " failed within " + timeout
                    + " (" + cause.getClass().getSimpleName() + ")", cause);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
