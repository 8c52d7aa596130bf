package io.sagaengine.orchestrator.order;

import io.sagaengine.contracts.Topics;
import io.sagaengine.contracts.order.OrderEventJson;
import io.sagaengine.contracts.order.OrderStatusChanged;
import io.sagaengine.orchestrator.order.OrderRepository.Settled;
import io.sagaengine.outbox.Outbox;
import io.sagaengine.outbox.OutboxMessage;

import java.time.Instant;
import java.util.UUID;

/**
 * Announces each change of an order's status on {@value Topics#ORDER_EVENTS}: one outbox row in the transaction of the
 * change, so the event is published if, and only if, the change commits. Keyed by order id, with the saga id in the
 * {@code saga-id} header; the event id (the {@code message-id}) is derived from the order and its new version.
 */
class OrderEvents {

    private final Outbox outbox;
    private final boolean enabled;

    OrderEvents(Outbox outbox, boolean enabled) {
        this.outbox = outbox;
        this.enabled = enabled;
    }

    /** A new order, stored as {@code version} in the current transaction. */
    void placed(UUID orderId, UUID sagaId, NewOrder order, long version) {
        append(OrderStatusChanged.of(orderId, version, OrderStatus.PENDING.inEvents(), null, null, order.customerId(),
                order.total(), order.currency(), Instant.now()), sagaId);
    }

    /** An order settled in the current transaction. */
    void settled(UUID orderId, OrderStatus outcome, String reason, String trackingNumber, Settled change) {
        append(OrderStatusChanged.of(orderId, change.version(), outcome.inEvents(), reason, trackingNumber,
                change.customerId(), change.total(), change.currency(), change.at()), change.sagaId());
    }

    private void append(OrderStatusChanged event, UUID sagaId) {
        if (!enabled) {
            return;
        }
        outbox.append(OutboxMessage.to(Topics.ORDER_EVENTS)
                .id(event.eventId())
                .aggregate("order", event.orderId().toString())
                .saga(sagaId.toString())
                .type(OrderStatusChanged.TYPE, OrderStatusChanged.SCHEMA_VERSION)
                .payload(OrderEventJson.encode(event))
                .build());
    }
}
