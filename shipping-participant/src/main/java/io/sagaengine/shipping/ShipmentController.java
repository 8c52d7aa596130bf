package io.sagaengine.shipping;

import io.sagaengine.contracts.common.Address;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;
import java.util.List;

@RestController
@Validated
@Tag(name = "shipments", description = "Shipments per order")
class ShipmentController {

    private final ShipmentRepository shipments;

    ShipmentController(ShipmentRepository shipments) {
        this.shipments = shipments;
    }

    @GetMapping("/shipments")
    @Operation(summary = "The shipments of an order")
    List<ShipmentView> byOrder(@RequestParam @Size(min = 1, max = 255) String orderId) {
        return shipments.byOrder(orderId).stream().map(ShipmentView::of).toList();
    }

    /**
     * @param status SCHEDULED, CANCELLED (scheduled, then cancelled), UNAVAILABLE, or COMPENSATED_BEFORE_EXECUTION
     *               (cancelled before any scheduling arrived; a late one does not ship)
     */
    record ShipmentView(String requestId, String orderId, String status, String trackingNumber, String reason,
                        Address address, OffsetDateTime createdAt, OffsetDateTime cancelledAt) {

        static ShipmentView of(Shipment s) {
            return new ShipmentView(s.requestId().toString(), s.orderId(), s.status().name(), s.trackingNumber(),
                    s.reason(), s.address(), s.createdAt(), s.cancelledAt());
        }
    }
}
