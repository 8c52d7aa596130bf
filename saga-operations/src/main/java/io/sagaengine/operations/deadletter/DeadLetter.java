package io.sagaengine.operations.deadletter;

import io.sagaengine.outbox.MessageHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One record of a dead-letter topic, as stored: key, value and headers as bytes. */
record DeadLetter(Coordinates at, Instant timestamp, byte[] key, byte[] value, List<Header> headers) {

    /** Headers Spring Kafka's dead-letter publisher adds; none of them travels with a re-driven record. */
    static final String SPRING_DLT_PREFIX = "kafka_dlt-";
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";

    DeadLetter {
        headers = List.copyOf(headers);
    }

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        List<Header> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new RecordHeader(header.key(), header.value()));
        }
        return new DeadLetter(new Coordinates(record.topic(), record.partition(), record.offset()),
                Instant.ofEpochMilli(record.timestamp()), record.key(), record.value(), headers);
    }

    /** The last value of the header as UTF-8 text, or null when there is none. */
    String header(String name) {
        String text = null;
        for (Header header : headers) {
            if (header.key().equals(name) && header.value() != null) {
                text = new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return text;
    }

    String reason() {
        return header(MessageHeaders.DLT_REASON);
    }

    String messageId() {
        return header(MessageHeaders.MESSAGE_ID);
    }

    String messageType() {
        return header(MessageHeaders.MESSAGE_TYPE);
    }

    /** The saga the record belongs to: its saga-id header, else its key (records are keyed by saga id). */
    String sagaId() {
        String sagaId = header(MessageHeaders.SAGA_ID);
        if (sagaId == null && key != null) {
            sagaId = new String(key, StandardCharsets.UTF_8);
        }
        return sagaId;
    }

    /** The topic it was dead-lettered from, as the dead-letter publisher recorded it, else by the topic's name. */
    String originalTopic() {
        String original = header(ORIGINAL_TOPIC);
        return original != null ? original : DeadLetterTopics.originalOf(at.topic());
    }
}
