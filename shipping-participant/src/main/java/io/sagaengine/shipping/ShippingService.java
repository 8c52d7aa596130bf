package io.sagaengine.shipping;

import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingReply;
import io.sagaengine.contracts.shipping.ShippingUnavailable;
import org.springframework.stereotype.Service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Scheduling and cancelling shipments, exactly once per requestId. Runs inside the command's transaction.
 *
 * <p>Every requestId gets one row in {@code shipment} (primary key), which is both the effect's record and the
 * outcome a re-sent command is answered from; a concurrent second insert for the same requestId waits for the
 * first and then finds its row.
 */
@Service
class ShippingService {

    static final String ORDER_ALREADY_SHIPPED = "ORDER_ALREADY_SHIPPED";

    private final ShipmentRepository shipments;
    private final ServedCountries served;

    ShippingService(ShipmentRepository shipments, ShippingProperties properties) {
        this.shipments = shipments;
        this.served = new ServedCountries(properties.servedCountries());
    }

    ShippingReply schedule(ScheduleShipment command) {
        Optional<Shipment> recorded = shipments.find(command.requestId());
        if (recorded.isPresent()) {
            return replyToSchedule(recorded.get());
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String unavailable = shipments.hasScheduledShipmentOtherThan(command.orderId(), command.requestId())
                ? ORDER_ALREADY_SHIPPED
                : served.serves(command.address().country()) ? null : ShippingUnavailable.COUNTRY_NOT_SERVED;
        Shipment shipment = unavailable == null
                ? new Shipment(command.requestId(), command.orderId(), ShipmentStatus.SCHEDULED, TrackingNumbers.next(),
                null, command.address(), now, null)
                : new Shipment(command.requestId(), command.orderId(), ShipmentStatus.UNAVAILABLE, null, unavailable,
                command.address(), now, null);
        if (!shipments.insert(shipment)) {
            // the same requestId (a concurrent copy, or its cancellation) committed meanwhile; or another request
            // scheduled this order meanwhile, which a retry of this transaction answers with ORDER_ALREADY_SHIPPED
            return replyToSchedule(shipments.find(command.requestId()).orElseThrow(() -> new IllegalStateException(
                    "another request scheduled order " + command.orderId() + " concurrently; retry to answer it")));
        }
        return replyToSchedule(shipment);
    }

    ShippingReply cancel(CancelShipment command) {
        Optional<Shipment> recorded = shipments.lock(command.requestId());
        if (recorded.isEmpty()) {
            Shipment marker = new Shipment(command.requestId(), command.orderId(),
                    ShipmentStatus.COMPENSATED_BEFORE_EXECUTION, null, null, null,
                    OffsetDateTime.now(ZoneOffset.UTC), null);
            if (shipments.insert(marker)) {
                return new ShipmentCancelled(command.requestId(), command.orderId());
            }
            // the shipment of this requestId committed meanwhile
            recorded = shipments.lock(command.requestId());
        }
        Shipment shipment = recorded.orElseThrow();
        if (shipment.status() == ShipmentStatus.SCHEDULED) {
            shipments.markCancelled(shipment.requestId());
        }
        return new ShipmentCancelled(command.requestId(), shipment.orderId());
    }

    private static ShippingReply replyToSchedule(Shipment shipment) {
        return switch (shipment.status()) {
            case SCHEDULED, CANCELLED -> new ShipmentScheduled(shipment.requestId(), shipment.orderId(),
                    shipment.trackingNumber());
            case UNAVAILABLE -> new ShippingUnavailable(shipment.requestId(), shipment.orderId(), shipment.reason());
            case COMPENSATED_BEFORE_EXECUTION -> new ShippingUnavailable(shipment.requestId(), shipment.orderId(),
                    ShippingUnavailable.ALREADY_COMPENSATED);
        };
    }
}
