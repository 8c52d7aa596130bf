package io.sagaengine.examples.push;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.UnreadableMessageException;
import io.sagaengine.contracts.UnreadableMessageException.Problem;
import io.sagaengine.contracts.order.OrderEventJson;
import io.sagaengine.contracts.order.OrderStatusChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

/**
 * Reads {@value Topics#ORDER_EVENTS}. A record of a schema version this service does not know, or whose payload it
 * cannot read, is dead-lettered ({@link DeadLetterConfiguration}); a newer payload version of a known schema is read,
 * ignoring what this service does not know.
 */
@Component
class OrderEventListener {

    static final String SCHEMA_VERSION_HEADER = "schema-version";

    private static final Logger log = LoggerFactory.getLogger(OrderEventListener.class);

    private final Notifications notifications;

    OrderEventListener(Notifications notifications) {
        this.notifications = notifications;
    }

    @KafkaListener(topics = Topics.ORDER_EVENTS)
    public void onEvent(ConsumerRecord<String, byte[]> record) {
        requireKnownSchema(record);
        OrderStatusChanged event = OrderEventJson.decode(record.value());
        Notifications.Outcome outcome = notifications.handle(event);
        log.debug("event {} of order {} (version {}): {}", event.eventId(), event.orderId(), event.orderVersion(),
                outcome);
    }

    private static void requireKnownSchema(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(SCHEMA_VERSION_HEADER);
        String version = header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8).trim();
        if (!String.valueOf(OrderStatusChanged.SCHEMA_VERSION).equals(version)) {
            throw new UnreadableMessageException(Problem.UNSUPPORTED_VERSION, "unsupported schema version " + version
                    + " for " + OrderStatusChanged.TYPE + " (supported: [" + OrderStatusChanged.SCHEMA_VERSION + "])");
        }
    }
}
