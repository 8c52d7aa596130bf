package io.sagaengine.outbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A consumed record with its headers read and checked. Building one from a record that lacks a required
 * header, or has one that cannot be parsed, throws {@link PoisonMessageException}.
 */
public record IncomingMessage(
        String topic,
        int partition,
        long offset,
        String key,
        UUID messageId,
        String type,
        int schemaVersion,
        String sagaId,
        UUID causationId,
        String traceparent,
        byte[] payload) {

    public static IncomingMessage from(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new PoisonMessageException("record has no value");
        }
        UUID messageId = uuid(record, MessageHeaders.MESSAGE_ID, true);
        String type = text(record, MessageHeaders.MESSAGE_TYPE);
        if (type == null || type.isBlank()) {
            throw new PoisonMessageException("missing header " + MessageHeaders.MESSAGE_TYPE);
        }
        String version = text(record, MessageHeaders.SCHEMA_VERSION);
        int schemaVersion;
        try {
            schemaVersion = Integer.parseInt(version == null ? "" : version.trim());
        } catch (NumberFormatException e) {
            throw new PoisonMessageException("missing or malformed header " + MessageHeaders.SCHEMA_VERSION + ": " + version);
        }
        return new IncomingMessage(record.topic(), record.partition(), record.offset(), record.key(), messageId, type,
                schemaVersion, text(record, MessageHeaders.SAGA_ID), uuid(record, MessageHeaders.CAUSATION_ID, false),
                text(record, MessageHeaders.TRACEPARENT), record.value());
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static UUID uuid(ConsumerRecord<?, ?> record, String name, boolean required) {
        String value = text(record, name);
        if (value == null) {
            if (required) {
                throw new PoisonMessageException("missing header " + name);
            }
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("malformed header " + name + ": not a UUID");
        }
    }
}
