package io.sagaengine.orchestrator.order;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

/** The body of {@code GET /orders/{orderId}}. */
@Schema(description = "An order and where it stands")
record OrderView(
        UUID orderId,
        UUID sagaId,
        @Schema(allowableValues = {"PENDING", "COMPLETED", "CANCELLED"}) String status,
        @Schema(description = "Why the order was cancelled; null unless CANCELLED", nullable = true,
                allowableValues = {"PAYMENT_DECLINED", "OUT_OF_STOCK", "SHIPPING_UNAVAILABLE", "TIMED_OUT",
                        "CANCELLED_BY_OPERATOR"})
        String reason,
        @Schema(description = "Sum of quantity times unit price, with two decimals", example = "39.98") String total,
        @Schema(example = "EUR") String currency,
        @Schema(description = "The shipment's tracking number; null unless COMPLETED", nullable = true)
        String trackingNumber,
        Instant createdAt,
        Instant updatedAt) {

    static OrderView of(StoredOrder order) {
        return new OrderView(order.id(), order.sagaId(), order.status().name(), order.reason(),
                order.total().setScale(2, RoundingMode.UNNECESSARY).toPlainString(), order.currency(),
                order.trackingNumber(), order.createdAt(), order.updatedAt());
    }
}
