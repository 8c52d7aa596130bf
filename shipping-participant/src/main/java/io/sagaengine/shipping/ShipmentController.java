package io.sagaengine.shipping;

import io.sagaengine.contracts.common.Address;
import io.sagaengine.service.participant.requests.RecordedRequest;
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

    private final ShipmentHistory history;

    ShipmentController(ShipmentHistory history) {
        this.history = history;
    }

    @GetMapping("/shipments")
    @Operation(summary = "The shipments of an order")
    List<ShipmentView> byOrder(@RequestParam @Size(min = 1, max = 255) String orderId) {
        return history.byOrder(orderId).stream().map(ShipmentView::of).toList();
    }

    /**
     * @param status SCHEDULED, CANCELLED (scheduled, then cancelled), UNAVAILABLE, or COMPENSATED_BEFORE_EXECUTION
     *               (cancelled before any scheduling arrived; a late one does not ship)
     */
    record ShipmentView(String requestId, String orderId, String status, String trackingNumber, String reason,
                        Address address, OffsetDateTime createdAt, OffsetDateTime cancelledAt) {

        static ShipmentView of(ShipmentHistory.Entry entry) {
            RecordedRequest<ScheduleOutcome> request = entry.request();
            String requestId = request.requestId().toString();
            Shipment s = entry.shipment();
            if (s != null) {
                return new ShipmentView(requestId, s.orderId(), s.cancelledAt() == null ? "SCHEDULED" : "CANCELLED",
                        s.trackingNumber(), null, s.address(), request.createdAt(), s.cancelledAt());
            }
            if (request.outcome() instanceof ScheduleOutcome.Unavailable u) {
                return new ShipmentView(requestId, request.businessKey(), "UNAVAILABLE", null, u.reason(), u.address(),
                        request.createdAt(), null);
            }
            return new ShipmentView(requestId, request.businessKey(), "COMPENSATED_BEFORE_EXECUTION", null, null, null,
                    request.createdAt(), null);
        }
    }
}
