package io.sagaengine.shipping;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingReply;
import io.sagaengine.contracts.shipping.ShippingUnavailable;

/** What scheduling decided for its requestId, recorded so a re-sent command gets the same answer. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ScheduleOutcome.Scheduled.class, name = "SCHEDULED"),
        @JsonSubTypes.Type(value = ScheduleOutcome.Unavailable.class, name = "UNAVAILABLE")})
sealed interface ScheduleOutcome {

    ShippingReply reply(ScheduleShipment command);

    /** The shipment is the {@code shipment} row of the requestId. */
    record Scheduled(String trackingNumber) implements ScheduleOutcome {

        @Override
        public ShippingReply reply(ScheduleShipment command) {
            return new ShipmentScheduled(command.requestId(), command.orderId(), trackingNumber);
        }
    }

    /** Nothing was scheduled; the address asked for is kept for the order's shipment history. */
    record Unavailable(String reason, Address address) implements ScheduleOutcome {

        @Override
        public ShippingReply reply(ScheduleShipment command) {
            return new ShippingUnavailable(command.requestId(), command.orderId(), reason);
        }
    }
}
