package io.sagaengine.chaos;

import io.sagaengine.contracts.OrderFlowMessages;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Re-publishes records delivered on the command and reply topics, headers and all, onto their own partition:
 * some at once, some a few seconds later (after the original was handled), as a broker or relay would after a
 * failure. Copies carry {@link Delivery#INJECTED_HEADER} and are not copied again.
 */
final class RecordDuplicator implements AutoCloseable {

    /** The order flow's command and reply topics. */
    static final List<String> TOPICS = new OrderFlowMessages().topics();

    private final Random random;
    private final double share;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "chaos-duplicator-later");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong immediate = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final Thread copier;
    private volatile boolean running = true;

    /** Starts copying records published from now on; {@code share} of them (0 to 1) are copied. */
    RecordDuplicator(String bootstrapServers, Random random, double share) {
        this.random = random;
        this.share = share;
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now: everything after this moment may be copied
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        copier = new Thread(this::copy, "chaos-duplicator");
        copier.setDaemon(true);
        copier.start();
    }

    private void copy() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.headers().lastHeader(Delivery.INJECTED_HEADER) != null || random.nextDouble() >= share) {
                        continue;
                    }
                    ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(record.topic(), record.partition(),
                            record.key(), record.value(), record.headers());
                    copy.headers().add(Delivery.INJECTED_HEADER, "copy".getBytes());
                    if (random.nextBoolean()) {
                        producer.send(copy);
                        immediate.incrementAndGet();
                    } else {
                        long delayMs = 2_000 + random.nextInt(3_000);
                        later.schedule(() -> producer.send(copy), delayMs, TimeUnit.MILLISECONDS);
                        delayed.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    long immediateCopies() {
        return immediate.get();
    }

    long delayedCopies() {
        return delayed.get();
    }

    /** Stops copying, sends the delayed copies still pending, and waits for the broker to take them. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        copier.join(10_000);
        later.shutdown(); // runs the copies already scheduled
        if (!later.awaitTermination(30, TimeUnit.SECONDS)) {
            later.shutdownNow();
        }
        producer.flush();
        producer.close(Duration.ofSeconds(10));
    }
}
