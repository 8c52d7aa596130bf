package io.sagaengine.contracts.shipping;

import java.util.UUID;

public record ShipmentCancelled(UUID requestId, String orderId) implements ShippingReply {
}
