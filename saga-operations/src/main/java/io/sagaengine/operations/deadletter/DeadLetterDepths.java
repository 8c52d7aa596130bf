package io.sagaengine.operations.deadletter;

import java.util.List;

/** How many records a dead-letter topic holds, and how many of them wait for a re-drive. */
final class DeadLetterDepths {

    /**
     * @param exists whether the topic exists yet (a topic is created with its first dead letter or by an operator)
     * @param total  records the topic still holds (offsets between its partitions' beginnings and ends)
     * @param depth  of those, the records never re-driven
     */
    record Depth(String topic, String originalTopic, boolean exists, long total, long depth) {
    }

    private final DeadLetterOffsets offsets;
    private final RedriveLog log;

    DeadLetterDepths(DeadLetterOffsets offsets, RedriveLog log) {
        this.offsets = offsets;
        this.log = log;
    }

    /**
     * @throws KafkaUnavailableException when Kafka does not answer in time
     */
    Depth of(String topic) {
        List<DeadLetterOffsets.Range> ranges = offsets.ranges(topic);
        long total = ranges.stream().mapToLong(DeadLetterOffsets.Range::size).sum();
        long redriven = total == 0 ? 0 : log.redrivenWithin(topic, ranges);
        return new Depth(topic, DeadLetterTopics.originalOf(topic), !ranges.isEmpty(), total,
                Math.max(0, total - redriven));
    }
}
