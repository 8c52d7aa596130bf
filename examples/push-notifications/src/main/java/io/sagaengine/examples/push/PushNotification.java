package io.sagaengine.examples.push;

import io.sagaengine.contracts.order.OrderStatusChanged.Status;

import java.util.Objects;
import java.util.UUID;

/**
 * One notification to a customer about their order.
 *
 * @param notificationId the order event's id: the same change always has the same notification id
 * @param orderVersion   the order's version the notification tells of; the app ignores one older than what it shows
 */
public record PushNotification(
        UUID notificationId,
        String customerId,
        UUID orderId,
        long orderVersion,
        Status status,
        String title,
        String body) {

    public PushNotification {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
    }
}
