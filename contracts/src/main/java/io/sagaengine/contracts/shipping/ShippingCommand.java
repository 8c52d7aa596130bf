package io.sagaengine.contracts.shipping;

import io.sagaengine.contracts.Command;

public sealed interface ShippingCommand extends Command permits ScheduleShipment, CancelShipment {
}
