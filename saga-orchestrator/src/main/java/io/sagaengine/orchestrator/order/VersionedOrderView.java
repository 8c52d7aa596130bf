package io.sagaengine.orchestrator.order;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/**
 * What the WebSocket and the event stream push for each status: the body of {@code GET /orders/{orderId}} and the
 * order's version, which is also its entity tag and the event stream's event id.
 */
@Schema(name = "OrderStatusUpdate", description = "The body of GET /orders/{orderId} and the order's version")
record VersionedOrderView(
        UUID orderId,
        UUID sagaId,
        @Schema(allowableValues = {"PENDING", "COMPLETED", "CANCELLED"}) String status,
        @Schema(description = "Why the order was cancelled; null unless CANCELLED", nullable = true) String reason,
        @Schema(example = "39.98") String total,
        @Schema(example = "EUR") String currency,
        @Schema(description = "The shipment's tracking number; null unless COMPLETED", nullable = true)
        String trackingNumber,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "Grows with every change of the order; the ETag of GET /orders/{orderId} is this number "
                + "in quotes, and the event stream's event id is this number", example = "2") long version) {

    static VersionedOrderView of(StoredOrder order) {
        OrderView view = OrderView.of(order);
        return new VersionedOrderView(view.orderId(), view.sagaId(), view.status(), view.reason(), view.total(),
                view.currency(), view.trackingNumber(), view.createdAt(), view.updatedAt(), order.version());
    }
}
