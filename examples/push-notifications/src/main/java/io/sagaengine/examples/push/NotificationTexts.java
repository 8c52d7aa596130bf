package io.sagaengine.examples.push;

import io.sagaengine.contracts.order.OrderStatusChanged;

/**
 * What a customer reads about a change of their order. A status or reason added after this service was built gets a
 * general text, never an error: the event is still told, and the app shows the details.
 */
final class NotificationTexts {

    private NotificationTexts() {
    }

    static PushNotification of(OrderStatusChanged event) {
        return new PushNotification(event.eventId(), event.customerId(), event.orderId(), event.orderVersion(),
                event.status(), title(event), body(event));
    }

    private static String title(OrderStatusChanged event) {
        return switch (event.status()) {
            case PENDING -> "Order received";
            case COMPLETED -> "Order on its way";
            case CANCELLED -> "Order cancelled";
            case UNKNOWN -> "Order updated";
        };
    }

    private static String body(OrderStatusChanged event) {
        return switch (event.status()) {
            case PENDING -> "We have your order and are getting it ready.";
            case COMPLETED -> event.trackingNumber() == null ? "Your order has shipped."
                    : "Your order has shipped. Tracking number: " + event.trackingNumber() + ".";
            case CANCELLED -> cancelled(event.reason());
            case UNKNOWN -> "There is news about your order: open the app to see where it stands.";
        };
    }

    private static String cancelled(String reason) {
        if (reason == null) {
            return "Your order was cancelled.";
        }
        return switch (reason) {
            case "PAYMENT_DECLINED" -> "Your payment was declined, so your order was cancelled. Nothing was charged.";
            case "OUT_OF_STOCK" -> "An item of your order is out of stock, so it was cancelled and refunded.";
            case "SHIPPING_UNAVAILABLE" -> "We cannot ship to your address, so your order was cancelled and refunded.";
            case "TIMED_OUT" -> "We could not complete your order in time, so it was cancelled. Any charge was refunded.";
            case "CANCELLED_BY_OPERATOR" -> "Our support team cancelled your order and refunded it.";
            default -> "Your order was cancelled.";
        };
    }
}
