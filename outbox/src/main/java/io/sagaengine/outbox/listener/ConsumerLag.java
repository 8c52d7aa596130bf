package io.sagaengine.outbox.listener;

import io.sagaengine.outbox.PeriodicTask;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The lag of each consumer group the service's listeners belong to, per topic and partition, as the broker sees it:
 * the partition's end offset minus the group's committed offset (or minus the partition's start, for a group that
 * never committed there). Read from the broker every {@code outbox.consumer.lag-interval}, so it keeps growing while
 * nobody consumes, where the consumers' own fetch lag stops being reported. Exposed as {@code outbox.consumer.lag}
 * (records), tags {@code group}, {@code topic}, {@code partition}; every instance reports the whole group.
 */
final class ConsumerLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final Supplier<List<ListenerWatchdog.ListenerStatus>> listeners;
    private final Map<String, Object> adminConfig;
    private final MultiGauge lag;
    private final Duration interval;
    private PeriodicTask scheduler;
    private Admin admin;
    private volatile boolean running;
    private boolean warned;

    ConsumerLag(Supplier<List<ListenerWatchdog.ListenerStatus>> listeners, Map<String, Object> adminConfig,
                MeterRegistry meters, Duration interval) {
        this.listeners = listeners;
        this.adminConfig = adminConfig;
        this.interval = interval;
        this.lag = MultiGauge.builder("outbox.consumer.lag").baseUnit("records")
                .description("Records in the partition after the group's committed offset, as the broker sees it")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        scheduler = PeriodicTask.start("outbox-consumer-lag", interval, this::refresh);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.stopNow();
            scheduler = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return ListenerWatchdog.PHASE;
    }

    void refresh() {
        Map<String, Set<String>> topicsByGroup = new LinkedHashMap<>();
        for (ListenerWatchdog.ListenerStatus listener : listeners.get()) {
            if (listener.group() != null && !listener.topics().isEmpty()) {
                topicsByGroup.computeIfAbsent(listener.group(), g -> new LinkedHashSet<>()).addAll(listener.topics());
            }
        }
        if (topicsByGroup.isEmpty()) {
            return;
        }
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (Map.Entry<String, Set<String>> group : topicsByGroup.entrySet()) {
                lagOf(group.getKey(), group.getValue()).forEach((partition, records) -> rows.add(MultiGauge.Row.of(
                        Tags.of("group", group.getKey(), "topic", partition.topic(),
                                "partition", String.valueOf(partition.partition())), records)));
            }
            lag.register(rows, true);
            warned = false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!warned) {
                warned = true;
                log.warn("Could not read the consumer lag from the broker (kept the last values): {}", e.toString());
            }
        }
    }

    private Map<TopicPartition, Long> lagOf(String group, Set<String> topics) throws Exception {
        Admin client = admin();
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, TopicDescription> described = client.describeTopics(topics).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicDescription topic : described.values()) {
            topic.partitions().forEach(p -> {
                TopicPartition partition = new TopicPartition(topic.name(), p.partition());
                latest.put(partition, OffsetSpec.latest());
                if (committed.get(partition) == null) {
                    earliest.put(partition, OffsetSpec.earliest());
                }
            });
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(latest).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = earliest.isEmpty() ? Map.of()
                : client.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> lag = new LinkedHashMap<>();
        ends.forEach((partition, end) -> {
            OffsetAndMetadata done = committed.get(partition);
            long from = done != null ? done.offset() : starts.get(partition).offset();
            lag.put(partition, Math.max(0, end.offset() - from));
        });
        return lag;
    }

    private synchronized Admin admin() {
        if (!running) {
            throw new IllegalStateException("stopped");
        }
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }
}
