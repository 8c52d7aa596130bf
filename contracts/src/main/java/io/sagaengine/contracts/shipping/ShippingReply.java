package io.sagaengine.contracts.shipping;

import io.sagaengine.contracts.Reply;
import io.sagaengine.contracts.common.OrderMessage;

public sealed interface ShippingReply extends Reply, OrderMessage permits ShipmentScheduled, ShippingUnavailable, ShipmentCancelled {
}
