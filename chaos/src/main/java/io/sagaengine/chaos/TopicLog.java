package io.sagaengine.chaos;

import io.sagaengine.outbox.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads every command, reply and dead-letter topic from its beginning for the whole run and keeps each record
 * once by its coordinates (topic, partition, offset), so a re-read after a rebalance or a broker restart is not
 * mistaken for a duplicate delivery.
 */
final class TopicLog implements AutoCloseable {

    static final Pattern TOPICS = Pattern.compile(
            "(payment|inventory|shipping)\\.(commands|replies)(" + Pattern.quote(DeadLetters.SUFFIX) + ")?");

    private record Coordinates(String topic, int partition, long offset) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<Coordinates, Delivery> deliveries = new ConcurrentHashMap<>();
    private final Map<String, List<Delivery>> byKey = new ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    TopicLog(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-recorder-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(TOPICS);
        poller = new Thread(this::poll, "chaos-topic-log");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Delivery delivery = Delivery.of(record);
                    Coordinates at = new Coordinates(record.topic(), record.partition(), record.offset());
                    if (deliveries.putIfAbsent(at, delivery) == null && delivery.key() != null) {
                        byKey.computeIfAbsent(delivery.key(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                .add(delivery);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Every delivery of records keyed by one of {@code keys} (saga ids), in no particular order. */
    List<Delivery> withKeys(Collection<String> keys) {
        rethrowFailure();
        List<Delivery> found = new ArrayList<>();
        for (String key : Set.copyOf(keys)) {
            List<Delivery> list = byKey.get(key);
            if (list != null) {
                synchronized (list) {
                    found.addAll(list);
                }
            }
        }
        return found;
    }

    private void rethrowFailure() {
        RuntimeException e = failure;
        if (e != null) {
            throw new IllegalStateException("the topic log stopped reading", e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
