package io.sagaengine.engine;

import io.sagaengine.outbox.PeriodicTask;
import io.sagaengine.engine.JdbcReplyFrontier.Partition;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Measures, on the reply listener's own thread (as its record or batch interceptor), how far this instance has read the reply partitions it owns, and
 * writes it to the {@link JdbcReplyFrontier}.
 *
 * <p>Before a poll, every record of the previous poll has been handled (or its partition sought back to it after a
 * failure). A probe notes the time {@code t}, then asks the broker for the partitions' end offsets: every reply
 * appended before {@code t} lies below them. Once the consumer's position reaches a partition's end offset, the
 * partition is read through {@code t}. Nothing is assumed about a partition this instance does not hold.
 */
final class ReplyFrontierTracker implements RecordInterceptor<String, byte[]>, BatchInterceptor<String, byte[]>,
        SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplyFrontierTracker.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofMillis(200);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(2);

    private final JdbcReplyFrontier frontier;
    private final Set<String> topics;
    private final Clock clock;
    private final Duration probeInterval;
    private final Supplier<String> reader;
    private final ThreadLocal<Probe> probes = ThreadLocal.withInitial(Probe::new);
    private final Map<Partition, Instant> unwritten = new ConcurrentHashMap<>();
    private final Set<Partition> known = ConcurrentHashMap.newKeySet();
    private final Set<Partition> undeclared = ConcurrentHashMap.newKeySet();
    private PeriodicTask writer;
    private volatile boolean running;

    ReplyFrontierTracker(JdbcReplyFrontier frontier, Set<String> topics, Clock clock, Duration probeInterval,
                         Supplier<String> reader) {
        this.frontier = frontier;
        this.topics = Set.copyOf(topics);
        this.clock = clock;
        this.probeInterval = probeInterval;
        this.reader = reader;
    }

    @Override
    public ConsumerRecord<String, byte[]> intercept(ConsumerRecord<String, byte[]> record,
                                                    Consumer<String, byte[]> consumer) {
        return record;
    }

    @Override
    public ConsumerRecords<String, byte[]> intercept(ConsumerRecords<String, byte[]> records,
                                                     Consumer<String, byte[]> consumer) {
        return records;
    }

    @Override
    public void setupThreadState(Consumer<?, ?> consumer) {
        try {
            probes.get().beforePoll(consumer);
        } catch (RuntimeException e) {
            // the broker may be away; the frontier just does not move until it is back
            log.debug("Reading the reply frontier failed: {}", e.toString());
        }
    }

    /** One listener thread's probe: partitions waiting to be read through the instant their end offset was asked. */
    private final class Probe {
        private final Map<TopicPartition, Pending> pending = new HashMap<>();
        private long lastProbeNanos;
        private boolean probed;

        void beforePoll(Consumer<?, ?> consumer) {
            Set<TopicPartition> assigned = consumer.assignment();
            pending.keySet().retainAll(assigned);
            long nowNanos = System.nanoTime();
            if (!probed || nowNanos - lastProbeNanos >= probeInterval.toNanos()) {
                probed = true;
                lastProbeNanos = nowNanos;
                probe(consumer, assigned);
            }
            resolve(consumer);
        }

        private void probe(Consumer<?, ?> consumer, Set<TopicPartition> assigned) {
            declarePartitions(consumer);
            List<TopicPartition> idle = new ArrayList<>();
            for (TopicPartition tp : assigned) {
                if (!pending.containsKey(tp)) {
                    idle.add(tp);
                }
            }
            if (idle.isEmpty()) {
                return;
            }
            Instant askedAt = clock.instant();
            Map<TopicPartition, Long> ends = consumer.endOffsets(idle, END_OFFSETS_TIMEOUT);
            ends.forEach((tp, end) -> pending.put(tp, new Pending(askedAt, end)));
        }

        private void resolve(Consumer<?, ?> consumer) {
            for (Iterator<Map.Entry<TopicPartition, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<TopicPartition, Pending> entry = it.next();
                long position;
                try {
                    position = consumer.position(entry.getKey(), POSITION_TIMEOUT);
                } catch (RuntimeException notYet) {
                    continue; // a partition just assigned whose position is not known yet
                }
                if (position >= entry.getValue().endOffset()) {
                    TopicPartition tp = entry.getKey();
                    unwritten.merge(new Partition(tp.topic(), tp.partition()), entry.getValue().askedAt(),
                            (a, b) -> a.isAfter(b) ? a : b);
                    it.remove();
                }
            }
        }

        private void declarePartitions(Consumer<?, ?> consumer) {
            for (String topic : topics) {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic, END_OFFSETS_TIMEOUT);
                if (partitions == null) {
                    continue;
                }
                for (PartitionInfo info : partitions) {
                    Partition partition = new Partition(topic, info.partition());
                    if (known.add(partition)) {
                        undeclared.add(partition);
                    }
                }
            }
        }
    }

    private record Pending(Instant askedAt, long endOffset) {
    }

    /** Writes what was measured; a failed write is tried again with whatever was measured meanwhile. */
    void flush() {
        try {
            if (!undeclared.isEmpty()) {
                List<Partition> declare = List.copyOf(undeclared);
                frontier.declare(declare);
                declare.forEach(undeclared::remove);
            }
            if (!unwritten.isEmpty()) {
                Map<Partition, Instant> batch = Map.copyOf(unwritten);
                frontier.advance(batch, reader.get());
                batch.forEach(unwritten::remove); // removes only entries that did not move on meanwhile
            }
        } catch (RuntimeException e) {
            log.debug("Writing the reply frontier failed; trying again: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        writer = PeriodicTask.start("saga-reply-frontier", Duration.ofMillis(Math.max(50, probeInterval.toMillis() / 2)),
                this::flush);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (writer != null) {
            writer.stopNow();
            writer = null;
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
