package io.sagaengine.outbox.relay;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.sagaengine.outbox.MessageHeaders;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends each batch of outbox events to Kafka and marks the batch processed only after Kafka acknowledged
 * every record of it. A failed or timed-out send throws, the engine stops without committing the batch's
 * offsets, and the relay restarts from the last committed offset: records may be sent twice, never lost.
 *
 * <p>The batch is handed to the producer whole and then flushed: the producer's linger holds the records
 * while they are appended, so a batch goes out in one produce request per partition, and the flush sends
 * it at once instead of waiting for the linger to pass. Under load a relay's batches are large; at a low
 * rate a batch of one record leaves without delay.
 */
final class KafkaForwarder implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    /** Added by the EventRouter to every outbox event; absent on heartbeats. */
    static final String EVENT_ID_HEADER = "id";
    static final String CREATED_AT_HEADER = "outbox-created-at";

    private final Producer<String, byte[]> producer;
    private final Duration sendTimeout;
    private final RelayMetrics metrics;

    KafkaForwarder(Producer<String, byte[]> producer, Duration sendTimeout, RelayMetrics metrics) {
        this.producer = producer;
        this.sendTimeout = sendTimeout;
        this.metrics = metrics;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        List<Instant> createdAt = new ArrayList<>(batch.size());
        for (RecordChangeEvent<SourceRecord> event : batch) {
            SourceRecord record = event.record();
            if (record.headers().lastWithName(EVENT_ID_HEADER) == null) {
                continue; // heartbeat: nothing to publish, but its offset moves the slot on
            }
            Future<RecordMetadata> send = producer.send(toProducerRecord(record));
            if (send.isDone()) {
                awaitAck(send, System.nanoTime()); // failed at once (no metadata in time): no use sending the rest
            }
            sends.add(send);
            createdAt.add(createdAt(record));
        }
        if (!sends.isEmpty()) {
            sendNow();
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        for (Future<RecordMetadata> send : sends) {
            awaitAck(send, deadline);
        }
        Instant now = Instant.now();
        for (Instant created : createdAt) {
            metrics.published(created, now);
        }
        for (RecordChangeEvent<SourceRecord> event : batch) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /**
     * Ends the linger of the appended records and waits until each is acknowledged or failed; the futures say
     * which. Bounded by the producer's delivery timeout, the send timeout or more.
     */
    private void sendNow() throws InterruptedException {
        try {
            producer.flush();
        } catch (InterruptException e) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while the outbox batch was sent");
        }
    }

    private void awaitAck(Future<RecordMetadata> send, long deadline) throws InterruptedException {
        try {
            send.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new RelayPublishException("Kafka refused an outbox record: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new RelayPublishException("Kafka did not acknowledge the outbox batch within " + sendTimeout, e);
        }
    }

    static ProducerRecord<String, byte[]> toProducerRecord(SourceRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (header.value() == null || CREATED_AT_HEADER.equals(header.key())) {
                continue;
            }
            String name = EVENT_ID_HEADER.equals(header.key()) ? MessageHeaders.MESSAGE_ID : header.key();
            headers.add(name, String.valueOf(header.value()).getBytes(StandardCharsets.UTF_8));
        }
        Object key = record.key();
        Object value = record.value();
        byte[] payload = value == null ? null : String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(record.topic(), null, key == null ? null : String.valueOf(key), payload, headers);
    }

    private static Instant createdAt(SourceRecord record) {
        Header header = record.headers().lastWithName(CREATED_AT_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        try {
            return Instant.parse(String.valueOf(header.value()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static final class RelayPublishException extends RuntimeException {
        RelayPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
