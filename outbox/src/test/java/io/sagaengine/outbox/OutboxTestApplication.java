package io.sagaengine.outbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A minimal service on the outbox library: one listener whose effect is a row per processed message. */
@SpringBootApplication
public class OutboxTestApplication {

    public static final String INBOX_TOPIC = "outbox-it.inbox";

    @Component
    static class EffectListener {
        private final Inbox inbox;
        private final JdbcTemplate jdbc;

        EffectListener(Inbox inbox, JdbcTemplate jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
        }

        @KafkaListener(topics = INBOX_TOPIC, groupId = "outbox-it")
        void on(ConsumerRecord<String, byte[]> record) {
            IncomingMessage message = IncomingMessage.from(record);
            String body = message.payloadText();
            if (!body.trim().startsWith("{")) {
                throw new PoisonMessageException("payload is not a JSON object");
            }
            inbox.processOnce("outbox-it", message.messageId(), () -> applyEffect(message));
        }

        void applyEffect(IncomingMessage message) {
            jdbc.update("INSERT INTO test_effect (message_id, saga_id) VALUES (?, ?)", message.messageId(), message.sagaId());
        }
    }
}
