package io.sagaengine.operations.deadletter;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes re-driven records with a producer of its own (idempotent, acks from every in-sync replica), created on
 * first use and closed with the context. A publish counts only once Kafka acknowledged it.
 */
final class RedrivePublisher implements AutoCloseable {

    private final Map<String, Object> config;
    private final Duration timeout;
    private Producer<byte[], byte[]> producer;

    /** @param producerConfig connection and security settings, as for any producer of the service */
    RedrivePublisher(Map<String, Object> producerConfig, Duration timeout) {
        Map<String, Object> own = new HashMap<>(producerConfig);
        int millis = (int) Math.max(1, timeout.toMillis());
        own.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        own.put(ProducerConfig.ACKS_CONFIG, "all");
        own.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        own.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        own.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        own.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        own.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        own.put(ProducerConfig.CLIENT_ID_CONFIG, "saga-operations-redrive");
        this.config = Map.copyOf(own);
        this.timeout = timeout;
    }

    /** Starts publishing; {@link #acknowledged} waits for the answer. */
    Future<RecordMetadata> send(RedriveRecord record) {
        try {
            return producer().send(new ProducerRecord<>(record.targetTopic(), null, record.key(), record.value(),
                    record.headers()));
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * @throws KafkaUnavailableException when Kafka refused the record or did not acknowledge it in time
     */
    RecordMetadata acknowledged(Future<RecordMetadata> send) {
        try {
            return send.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KafkaUnavailableException("publishing failed (" + cause.getClass().getSimpleName() + ")", cause);
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("publishing was not acknowledged within " + timeout, e);
        }
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
            producer = null;
        }
    }
}
