package io.sagaengine.contracts.shipping;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.common.OrderMessage;

public sealed interface ShippingCommand extends Command, OrderMessage permits ScheduleShipment, CancelShipment {
}
