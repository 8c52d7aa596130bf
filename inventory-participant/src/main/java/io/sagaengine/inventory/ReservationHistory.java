package io.sagaengine.inventory;

import io.sagaengine.service.participant.requests.ParticipantRequests;
import io.sagaengine.service.participant.requests.RecordedRequest;
import io.sagaengine.service.participant.requests.Requests;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An order's reservation requests, each with its reservation and lines if one was made, read from one snapshot. */
@Service
class ReservationHistory {

    /** One requestId: what it decided (null if the release came first), and the reservation made, if any. */
    record Entry(RecordedRequest<ReservationOutcome> request, Reservation reservation, List<Reservation.Line> lines) {
    }

    private final Requests<ReservationOutcome> requests;
    private final ReservationRepository reservations;

    ReservationHistory(ParticipantRequests requests, ReservationRepository reservations) {
        this.requests = requests.of(ReservationOutcome.class);
        this.reservations = reservations;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    List<Entry> byOrder(String orderId) {
        Map<UUID, Reservation> made = reservations.byOrder(orderId).stream()
                .collect(Collectors.toMap(Reservation::requestId, Function.identity()));
        return requests.byKey(orderId).stream()
                .map(request -> {
                    Reservation reservation = made.get(request.requestId());
                    return new Entry(request, reservation,
                            reservation == null ? List.of() : reservations.lines(request.requestId()));
                })
                .toList();
    }
}
