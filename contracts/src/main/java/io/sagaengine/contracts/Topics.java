package io.sagaengine.contracts;

/**
 * Kafka topic names. Records are keyed by saga id so one saga's messages stay in order on one partition. Each topic's
 * dead-letter topic is named by the outbox's {@code DeadLetters}, whose error handler sends records there.
 */
public final class Topics {

    public static final String PAYMENT_COMMANDS = "payment.commands";
    public static final String INVENTORY_COMMANDS = "inventory.commands";
    public static final String SHIPPING_COMMANDS = "shipping.commands";

    public static final String PAYMENT_REPLIES = "payment.replies";
    public static final String INVENTORY_REPLIES = "inventory.replies";
    public static final String SHIPPING_REPLIES = "shipping.replies";

    private Topics() {
    }
}
