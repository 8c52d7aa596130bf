package io.sagaengine.contracts.shipping;

import java.util.UUID;

public record ShipmentScheduled(UUID requestId, String orderId, String trackingNumber) implements ShippingReply {
}
