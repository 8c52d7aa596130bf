package io.sagaengine.examples.push;

import io.sagaengine.contracts.order.OrderEventJson;
import io.sagaengine.contracts.order.OrderStatusChanged;
import io.sagaengine.contracts.order.OrderStatusChanged.Status;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationTextsTest {

    private static final UUID ORDER_ID = UUID.fromString("7d4f6a2e-1b3c-4d5e-8f90-a1b2c3d4e5f6");
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

    @Test
    void thisServiceReadsAPayloadVersionItWasNotBuiltForAndTellsItInGeneralTerms() {
        // written by a newer orchestrator: a new status, a new reason, fields this service has never heard of
        String newer = """
                {"payloadVersion":2,"eventId":"%s","orderId":"%s","orderVersion":3,"status":"PARTIALLY_SHIPPED",
                 "reason":null,"trackingNumber":"TRK-7","customerId":"alice","total":"39.98","currency":"EUR",
                 "occurredAt":"2026-03-01T10:15:30Z","shippedLines":[{"sku":"SKU-1","quantity":1}],
                 "estimatedDelivery":"2026-03-03"}""".formatted(OrderStatusChanged.eventIdOf(ORDER_ID, 3), ORDER_ID);

        OrderStatusChanged event = OrderEventJson.decode(newer);
        PushNotification notification = NotificationTexts.of(event);

        assertThat(event.payloadVersion()).isEqualTo(2);
        assertThat(event.status()).isEqualTo(Status.UNKNOWN);
        assertThat(notification.title()).isEqualTo("Order updated");
        assertThat(notification.body()).isEqualTo(
                "There is news about your order: open the app to see where it stands.");
        assertThat(notification.notificationId()).isEqualTo(OrderStatusChanged.eventIdOf(ORDER_ID, 3));
        assertThat(notification.orderVersion()).isEqualTo(3);
    }

    @Test
    void aCancellationForAReasonAddedLaterGetsTheGeneralCancellationText() {
        OrderStatusChanged cancelled = event(Status.CANCELLED, "FRAUD_SUSPECTED", null);

        assertThat(NotificationTexts.of(cancelled).body()).isEqualTo("Your order was cancelled.");
    }

    @Test
    void eachKnownChangeHasItsOwnText() {
        assertThat(NotificationTexts.of(event(Status.PENDING, null, null)).title()).isEqualTo("Order received");
        assertThat(NotificationTexts.of(event(Status.COMPLETED, null, "TRK-1")).body())
                .isEqualTo("Your order has shipped. Tracking number: TRK-1.");
        assertThat(NotificationTexts.of(event(Status.CANCELLED, "OUT_OF_STOCK", null)).body())
                .contains("out of stock");
    }

    @Test
    void theFcmAndApnsPayloadsCarryTheNotificationIdAndCollapseByOrderButNoAmount() {
        PushNotification n = NotificationTexts.of(event(Status.COMPLETED, null, "TRK-1"));

        String fcm = PushPayloads.fcm(n, "device-1");
        String apns = PushPayloads.apns(n);

        assertThat(fcm).contains("\"token\":\"device-1\"", "\"notificationId\":\"" + n.notificationId() + "\"",
                "\"orderVersion\":\"2\"", "\"collapse_key\":\"order-" + ORDER_ID + "\"", "\"title\":\"Order on its way\"");
        assertThat(apns).contains("\"aps\":{\"alert\":{\"title\":\"Order on its way\"",
                "\"thread-id\":\"order-" + ORDER_ID + "\"", "\"orderVersion\":2");
        assertThat(PushPayloads.apnsHeaders(n)).containsEntry("apns-id", n.notificationId().toString())
                .containsEntry("apns-collapse-id", "order-" + ORDER_ID);
        assertThat(fcm + apns).doesNotContain("39.98").doesNotContain("EUR");
    }

    private static OrderStatusChanged event(Status status, String reason, String trackingNumber) {
        return OrderStatusChanged.of(ORDER_ID, status == Status.PENDING ? 1 : 2, status, reason, trackingNumber,
                "alice", new BigDecimal("39.98"), "EUR", AT);
    }
}
