package io.sagaengine.testsupport.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records every record of some topics from their beginning, on a background thread, for assertions with
 * Awaitility:
 *
 * <pre>{@code
 * try (TopicRecorder replies = TopicRecorder.start(bootstrap, "payment.replies")) {
 *     ... send a command ...
 *     ReceivedRecord reply = await().until(() -> replies.first(r -> r.hasHeader("causation-id", id)), Objects::nonNull);
 * }
 * }</pre>
 *
 * Topics are shared by the tests of a JVM, so filter by something unique to the test (saga id, causation id).
 */
public final class TopicRecorder implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ReceivedRecord> records = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private TopicRecorder(String bootstrapServers, List<String> topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true);
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        this.poller = new Thread(this::poll, "topic-recorder-" + String.join(",", topics));
        poller.setDaemon(true);
    }

    /** Starts recording {@code topics} from their earliest offsets. */
    public static TopicRecorder start(String bootstrapServers, String... topics) {
        TopicRecorder recorder = new TopicRecorder(bootstrapServers, List.of(topics));
        recorder.poller.start();
        return recorder;
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    records.add(ReceivedRecord.of(record));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Everything recorded so far. */
    public List<ReceivedRecord> all() {
        rethrowFailure();
        return List.copyOf(records);
    }

    public List<ReceivedRecord> matching(Predicate<ReceivedRecord> filter) {
        return all().stream().filter(filter).toList();
    }

    /** The records with {@code header} equal to {@code value}, e.g. the replies of one saga. */
    public List<ReceivedRecord> withHeader(String header, String value) {
        return matching(r -> r.hasHeader(header, value));
    }

    /** The first matching record, or null while there is none (for {@code await().until(..., Objects::nonNull)}). */
    public ReceivedRecord first(Predicate<ReceivedRecord> filter) {
        return all().stream().filter(filter).findFirst().orElse(null);
    }

    private void rethrowFailure() {
        RuntimeException e = failure;
        if (e != null) {
            throw new IllegalStateException("the recorder stopped", e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
