package io.sagaengine.contracts.shipping;

import io.sagaengine.contracts.Messages;
import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;

import java.util.List;
import java.util.UUID;

/** Schedule the order's shipment. Replies: {@link ShipmentScheduled} or {@link ShippingUnavailable}. */
public record ScheduleShipment(UUID requestId, String orderId, Address address, List<OrderLine> lines)
        implements ShippingCommand {

    public ScheduleShipment {
        lines = Messages.immutableCopy(lines);
    }
}
