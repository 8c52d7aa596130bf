package io.sagaengine.contracts;

/**
 * Kafka topic names. Commands and replies are keyed by saga id, so one saga's messages stay in order on one partition;
 * order events by order id, so one order's changes do. Each topic's dead-letter topic is named by the outbox's
 * {@code DeadLetters}, whose error handler sends records there.
 */
public final class Topics {

    public static final String PAYMENT_COMMANDS = "payment.commands";
    public static final String INVENTORY_COMMANDS = "inventory.commands";
    public static final String SHIPPING_COMMANDS = "shipping.commands";

    public static final String PAYMENT_REPLIES = "payment.replies";
    public static final String INVENTORY_REPLIES = "inventory.replies";
    public static final String SHIPPING_REPLIES = "shipping.replies";

    /**
     * Every status change of an order, for services that tell the customer (push notifications, e-mail): one
     * {@link io.sagaengine.contracts.order.OrderStatusChanged} per change, keyed by order id.
     */
    public static final String ORDER_EVENTS = "order.events";

    private Topics() {
    }
}
