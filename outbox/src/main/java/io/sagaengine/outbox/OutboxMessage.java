package io.sagaengine.outbox;

import java.util.Objects;
import java.util.UUID;

/**
 * One message to publish, shaped for Debezium's outbox EventRouter: {@code aggregateId} becomes the Kafka
 * key (the saga id, so one saga's messages stay in order on one partition) and {@code id} the
 * {@code message-id} header consumers deduplicate on.
 *
 * @param payload the message body as JSON text
 */
public record OutboxMessage(
        UUID id,
        String topic,
        String aggregateType,
        String aggregateId,
        String type,
        int schemaVersion,
        String sagaId,
        UUID causationId,
        String traceparent,
        String payload) {

    public OutboxMessage {
        Objects.requireNonNull(id, "id");
        requireText(topic, "topic");
        requireText(aggregateType, "aggregateType");
        requireText(aggregateId, "aggregateId");
        requireText(type, "type");
        Objects.requireNonNull(payload, "payload");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be at least 1, was " + schemaVersion);
        }
    }

    /** This message with {@code traceparent} as its W3C trace context. */
    public OutboxMessage withTraceparent(String traceparent) {
        return new OutboxMessage(id, topic, aggregateType, aggregateId, type, schemaVersion, sagaId, causationId,
                traceparent, payload);
    }

    /** Starts a message to {@code topic} with a fresh id and schema version 1. */
    public static Builder to(String topic) {
        return new Builder(topic);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    public static final class Builder {
        private final String topic;
        private UUID id = UUID.randomUUID();
        private String aggregateType = "saga";
        private String aggregateId;
        private String type;
        private int schemaVersion = 1;
        private String sagaId;
        private UUID causationId;
        private String traceparent;
        private String payload;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        public Builder aggregate(String aggregateType, String aggregateId) {
            this.aggregateType = aggregateType;
            this.aggregateId = aggregateId;
            return this;
        }

        /** Keys the message by saga id and records it in the {@code saga-id} header. */
        public Builder saga(String sagaId) {
            this.sagaId = sagaId;
            if (aggregateId == null) {
                this.aggregateId = sagaId;
            }
            return this;
        }

        public Builder type(String type, int schemaVersion) {
            this.type = type;
            this.schemaVersion = schemaVersion;
            return this;
        }

        public Builder causationId(UUID causationId) {
            this.causationId = causationId;
            return this;
        }

        public Builder traceparent(String traceparent) {
            this.traceparent = traceparent;
            return this;
        }

        public Builder payload(String json) {
            this.payload = json;
            return this;
        }

        public OutboxMessage build() {
            return new OutboxMessage(id, topic, aggregateType, aggregateId, type, schemaVersion, sagaId,
                    causationId, traceparent, payload);
        }
    }
}
