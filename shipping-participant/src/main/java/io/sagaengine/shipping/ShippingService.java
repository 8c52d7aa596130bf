package io.sagaengine.shipping;

import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShippingReply;
import io.sagaengine.contracts.shipping.ShippingUnavailable;
import io.sagaengine.service.participant.requests.ParticipantRequests;
import io.sagaengine.service.participant.requests.Requests;
import org.springframework.stereotype.Service;

/**
 * Schedules shipments to the countries served, one per order, and cancels them. {@link Requests} runs each at most
 * once per requestId, inside the command's transaction.
 */
@Service
class ShippingService {

    static final String ORDER_ALREADY_SHIPPED = "ORDER_ALREADY_SHIPPED";

    private final Requests<ScheduleOutcome> requests;
    private final ShipmentRepository shipments;
    private final ServedCountries served;

    ShippingService(ParticipantRequests requests, ShipmentRepository shipments, ShippingProperties properties) {
        this.requests = requests.of(ScheduleOutcome.class);
        this.shipments = shipments;
        this.served = new ServedCountries(properties.servedCountries());
    }

    ShippingReply schedule(ScheduleShipment command) {
        return requests.forward(command, () -> scheduleOrRefuse(command))
                .reply(outcome -> outcome.reply(command), () -> new ShippingUnavailable(command.requestId(),
                        command.orderId(), ShippingUnavailable.ALREADY_COMPENSATED));
    }

    ShippingReply cancel(CancelShipment command) {
        requests.compensate(command, outcome -> {
            if (outcome instanceof ScheduleOutcome.Scheduled) {
                shipments.markCancelled(command.requestId());
            }
        });
        return new ShipmentCancelled(command.requestId(), command.orderId());
    }

    private ScheduleOutcome scheduleOrRefuse(ScheduleShipment command) {
        if (shipments.hasShipmentInForce(command.orderId())) {
            return new ScheduleOutcome.Unavailable(ORDER_ALREADY_SHIPPED, command.address());
        }
        if (!served.serves(command.address().country())) {
            return new ScheduleOutcome.Unavailable(ShippingUnavailable.COUNTRY_NOT_SERVED, command.address());
        }
        String trackingNumber = TrackingNumbers.next();
        if (!shipments.insert(new Shipment(command.requestId(), command.orderId(), trackingNumber, command.address(),
                null, null))) {
            // a retry of this transaction answers ORDER_ALREADY_SHIPPED
            throw new IllegalStateException("another request scheduled order " + command.orderId()
                    + " concurrently; retry to answer it");
        }
        return new ScheduleOutcome.Scheduled(trackingNumber);
    }
}
