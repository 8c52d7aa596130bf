package io.sagaengine.shipping;

import io.sagaengine.contracts.common.Address;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One requestId's shipment; it ships unless it is cancelled. */
record Shipment(UUID requestId, String orderId, String trackingNumber, Address address, OffsetDateTime createdAt,
                OffsetDateTime cancelledAt) {
}
