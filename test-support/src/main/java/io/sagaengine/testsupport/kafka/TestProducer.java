package io.sagaengine.testsupport.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records with chosen headers, e.g. a command as the orchestrator would, a duplicate of one, or a poison
 * record. Each send waits for the broker's acknowledgement.
 */
public final class TestProducer implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;

    public TestProducer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends {@code value} to {@code topic} with {@code key} and the headers as UTF-8 text; a null header value is skipped. */
    public RecordMetadata send(String topic, String key, byte[] value, Map<String, String> headers) {
        List<org.apache.kafka.common.header.Header> recordHeaders = new ArrayList<>();
        headers.forEach((name, text) -> {
            if (text != null) {
                recordHeaders.add(new RecordHeader(name, text.getBytes(StandardCharsets.UTF_8)));
            }
        });
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, key, value, recordHeaders);
        try {
            return producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    public RecordMetadata send(String topic, String key, String value, Map<String, String> headers) {
        return send(topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
