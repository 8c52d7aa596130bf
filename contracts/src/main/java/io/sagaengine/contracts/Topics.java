package io.sagaengine.contracts;

/**
 * Kafka topic names. Commands and replies are keyed by saga id, so one saga's messages stay in order on one partition;
 * order events by order id, so one order's changes do.
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

    /**
     * The suffix of a dead-letter topic, as the outbox's {@code DeadLetters} (the error handler every listener uses)
     * names them. This module depends on no Kafka library, so it cannot refer to it; service-support's
     * {@code DeadLetterTopicNamesTest} keeps the two the same.
     */
    public static final String DLT_SUFFIX = ".DLT";

    private Topics() {
    }

    /** The dead-letter topic for {@code topic}, where poison records go so they never block a partition. */
    public static String dlt(String topic) {
        return topic + DLT_SUFFIX;
    }
}
