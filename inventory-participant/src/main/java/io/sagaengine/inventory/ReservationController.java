package io.sagaengine.inventory;

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

    private final ReservationRepository reservations;

    ReservationController(ReservationRepository reservations) {
        this.reservations = reservations;
    }

    @GetMapping("/reservations")
    @Operation(summary = "The reservations of an order, with their lines")
    List<ReservationView> byOrder(@RequestParam @Size(min = 1, max = 255) String orderId) {
        return reservations.byOrder(orderId).stream()
                .map(r -> ReservationView.of(r, reservations.lines(r.requestId())))
                .toList();
    }

    /**
     * @param status RESERVED, RELEASED (reserved, then released), UNAVAILABLE, or COMPENSATED_BEFORE_EXECUTION
     *               (released before any reservation arrived; a late reservation is not made)
     */
    record ReservationView(String requestId, String orderId, String status, String reason, List<String> skus,
                           List<Reservation.Line> lines, OffsetDateTime createdAt, OffsetDateTime releasedAt) {

        static ReservationView of(Reservation r, List<Reservation.Line> lines) {
            return new ReservationView(r.requestId().toString(), r.orderId(), r.status().name(), r.reason(), r.skus(),
                    lines, r.createdAt(), r.releasedAt());
        }
    }
}
