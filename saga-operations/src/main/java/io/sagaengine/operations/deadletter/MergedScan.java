package io.sagaengine.operations.deadletter;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of a topic's partitions, from given offsets up to given ends, handed out oldest first (timestamp,
 * then partition, then offset, among the partitions' next records). Partitions with a record waiting are paused,
 * so a consumer buffers at most one poll per partition. Gives up at its deadline.
 */
final class MergedScan implements AutoCloseable {

    private static final Comparator<ConsumerRecord<byte[], byte[]>> OLDEST_FIRST =
            Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                    .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset);

    private final Consumer<byte[], byte[]> consumer;
    private final long deadlineNanos;
    private final Map<Integer, TopicPartition> partitions = new HashMap<>();
    private final Map<Integer, Long> next = new HashMap<>();
    private final Map<Integer, Long> ends = new HashMap<>();
    private final Map<Integer, ArrayDeque<ConsumerRecord<byte[], byte[]>>> waiting = new HashMap<>();
    private boolean timedOut;

    MergedScan(Consumer<byte[], byte[]> consumer, String topic, List<DeadLetterOffsets.Range> ranges,
               DeadLetterCursor from, long deadlineNanos) {
        this.consumer = consumer;
        this.deadlineNanos = deadlineNanos;
        for (DeadLetterOffsets.Range range : ranges) {
            long start = from.startOf(range.partition(), range.begin());
            if (start < range.end()) {
                partitions.put(range.partition(), new TopicPartition(topic, range.partition()));
                next.put(range.partition(), start);
                ends.put(range.partition(), range.end());
                waiting.put(range.partition(), new ArrayDeque<>());
            }
        }
        consumer.assign(partitions.values());
        next.forEach((partition, offset) -> consumer.seek(partitions.get(partition), offset));
    }

    /**
     * Up to {@code max} records, oldest first; fewer (maybe none) at the end of the partitions or at the deadline
     * ({@link #timedOut()} tells which).
     */
    List<DeadLetter> next(int max) {
        try {
            return take(max);
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("reading " + partitions.values() + " failed ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private List<DeadLetter> take(int max) {
        List<DeadLetter> records = new ArrayList<>();
        while (records.size() < max) {
            if (!fillEveryLivePartition()) {
                break;
            }
            ConsumerRecord<byte[], byte[]> oldest = null;
            for (ArrayDeque<ConsumerRecord<byte[], byte[]>> queue : waiting.values()) {
                if (!queue.isEmpty() && (oldest == null || OLDEST_FIRST.compare(queue.peekFirst(), oldest) < 0)) {
                    oldest = queue.peekFirst();
                }
            }
            if (oldest == null) {
                break;
            }
            waiting.get(oldest.partition()).removeFirst();
            next.put(oldest.partition(), oldest.offset() + 1);
            records.add(DeadLetter.of(oldest));
        }
        return records;
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Polls until every partition not at its end has a record waiting; false at the deadline. */
    private boolean fillEveryLivePartition() {
        while (true) {
            List<TopicPartition> empty = new ArrayList<>();
            List<TopicPartition> full = new ArrayList<>();
            for (Map.Entry<Integer, TopicPartition> entry : partitions.entrySet()) {
                int partition = entry.getKey();
                if (!waiting.get(partition).isEmpty()) {
                    full.add(entry.getValue());
                } else if (next.get(partition) < ends.get(partition)) {
                    empty.add(entry.getValue());
                }
            }
            if (empty.isEmpty()) {
                return true;
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                timedOut = true;
                return false;
            }
            consumer.pause(full);
            consumer.resume(empty);
            ConsumerRecords<byte[], byte[]> polled =
                    consumer.poll(Duration.ofNanos(Math.min(remaining, Duration.ofMillis(200).toNanos())));
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                if (record.offset() < ends.get(record.partition())) {
                    waiting.get(record.partition()).addLast(record);
                }
            }
            for (TopicPartition partition : empty) {
                if (waiting.get(partition.partition()).isEmpty() && consumer.position(partition) >= ends.get(
                        partition.partition())) {
                    // only markers or compacted offsets were left before the end
                    next.put(partition.partition(), ends.get(partition.partition()));
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
