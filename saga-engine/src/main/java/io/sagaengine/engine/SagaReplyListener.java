package io.sagaengine.engine;

import io.sagaengine.outbox.IncomingMessage;
import io.sagaengine.outbox.PoisonMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Consumes the reply topics (consumer group shared by every orchestrator instance) and hands each reply to the
 * engine on its own, in a transaction of its own ({@code saga.engine.replies.batched=false}; see
 * {@link SagaReplyBatchListener}). A record that can never be read goes to its dead-letter topic; any other failure is retried by the
 * listener's error handler, the record staying unacknowledged.
 */
final class SagaReplyListener {

    private final DefaultSagaEngine engine;
    private final String[] topics;
    private final String groupId;

    SagaReplyListener(DefaultSagaEngine engine, Set<String> topics, String groupId) {
        if (topics.isEmpty()) {
            throw new IllegalStateException("the saga messaging names no reply topics");
        }
        this.engine = engine;
        this.topics = topics.stream().sorted().toArray(String[]::new);
        this.groupId = groupId;
    }

    public String[] topics() {
        return topics.clone();
    }

    public String groupId() {
        return groupId;
    }

    @KafkaListener(id = "saga-replies", topics = "#{__listener.topics()}", groupId = "#{__listener.groupId()}",
            containerFactory = SagaEngineAutoConfiguration.REPLY_LISTENER_FACTORY, batch = "false")
    public void onReply(ConsumerRecord<String, byte[]> record) {
        ReplyEnvelope reply = envelope(record);
        try {
            engine.onReply(reply);
        } catch (UnreadableReplyException e) {
            throw new PoisonMessageException(e.getMessage(), e);
        }
    }

    /** @throws PoisonMessageException if the record does not say which saga it is for, or is no message */
    static ReplyEnvelope envelope(ConsumerRecord<String, byte[]> record) {
        IncomingMessage message = IncomingMessage.from(record);
        UUID sagaId = sagaId(message);
        return new ReplyEnvelope(message.messageId(), sagaId, message.type(), message.schemaVersion(),
                message.causationId(), message.traceparent(), message.payload(),
                record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null);
    }

    private static UUID sagaId(IncomingMessage message) {
        String id = message.sagaId() != null ? message.sagaId() : message.key();
        if (id == null) {
            throw new PoisonMessageException("reply names no saga (no saga-id header, no key)");
        }
        try {
            return UUID.fromString(id.trim());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("malformed saga id: not a UUID");
        }
    }
}
