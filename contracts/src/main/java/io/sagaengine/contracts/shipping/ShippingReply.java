package io.sagaengine.contracts.shipping;

import io.sagaengine.contracts.Reply;

public sealed interface ShippingReply extends Reply permits ShipmentScheduled, ShippingUnavailable, ShipmentCancelled {
}
