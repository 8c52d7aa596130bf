package io.sagaengine.contracts.shipping;

import java.util.UUID;

/**
 * Compensation of {@link ScheduleShipment}, with the same requestId. Shipping is the last step, so the saga
 * sends this only when a timed-out ScheduleShipment may have run. Reply: {@link ShipmentCancelled}.
 */
public record CancelShipment(UUID requestId, String orderId) implements ShippingCommand {
}
