package io.sagaengine.chaos;

import io.sagaengine.outbox.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/**
 * One record as it sits on a topic (its coordinates identify it: a consumer that reads it twice still sees one
 * delivery), with the headers the checks need.
 *
 * @param timestamp the producer's time stamp (when the relay, or the harness, sent it), epoch millis
 * @param injected  sent by the harness (a re-published copy or a poison record), not by a service
 */
record Delivery(String topic, int partition, long offset, String key, String messageId, String type, String sagaId,
                long timestamp, boolean injected, String dltReason) {

    /** Marks records the harness publishes itself. */
    static final String INJECTED_HEADER = "x-chaos-injected";

    static Delivery of(ConsumerRecord<String, byte[]> record) {
        return new Delivery(record.topic(), record.partition(), record.offset(), record.key(),
                header(record, "message-id"), header(record, "message-type"), header(record, "saga-id"),
                record.timestamp(), header(record, INJECTED_HEADER) != null, header(record, "dlt-reason"));
    }

    boolean deadLetter() {
        return DeadLetters.isDeadLetterTopic(topic);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
