package io.sagaengine.shipping;

import io.sagaengine.contracts.common.Address;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One requestId's shipment (or why it could not be scheduled, or the marker of a cancellation that came first). */
record Shipment(UUID requestId, String orderId, ShipmentStatus status, String trackingNumber, String reason,
                Address address, OffsetDateTime createdAt, OffsetDateTime cancelledAt) {
}
