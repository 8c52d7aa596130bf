package io.sagaengine.inventory;

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
@Tag(name = "reservations", description = "Stock reservations per order")
class ReservationController {

    private final ReservationHistory history;

    ReservationController(ReservationHistory history) {
        this.history = history;
    }

    @GetMapping("/reservations")
    @Operation(summary = "The reservations of an order, with their lines")
    List<ReservationView> byOrder(@RequestParam @Size(min = 1, max = 255) String orderId) {
        return history.byOrder(orderId).stream().map(ReservationView::of).toList();
    }

    /**
     * @param status RESERVED, RELEASED (reserved, then released), UNAVAILABLE, or COMPENSATED_BEFORE_EXECUTION
     *               (released before any reservation arrived; a late reservation is not made)
     */
    record ReservationView(String requestId, String orderId, String status, String reason, List<String> skus,
                           List<Reservation.Line> lines, OffsetDateTime createdAt, OffsetDateTime releasedAt) {

        static ReservationView of(ReservationHistory.Entry entry) {
            RecordedRequest<ReservationOutcome> request = entry.request();
            String requestId = request.requestId().toString();
            Reservation r = entry.reservation();
            if (r != null) {
                return new ReservationView(requestId, r.orderId(), r.releasedAt() == null ? "RESERVED" : "RELEASED",
                        null, List.of(), entry.lines(), request.createdAt(), r.releasedAt());
            }
            if (request.outcome() instanceof ReservationOutcome.Unavailable u) {
                return new ReservationView(requestId, request.businessKey(), "UNAVAILABLE", u.reason(), u.skus(),
                        List.of(), request.createdAt(), null);
            }
            return new ReservationView(requestId, request.businessKey(), "COMPENSATED_BEFORE_EXECUTION", null, List.of(),
                    List.of(), request.createdAt(), null);
        }
    }
}
