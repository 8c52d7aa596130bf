package io.sagaengine.shipping;

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

/** An order's scheduling requests, each with its shipment if one was scheduled, read from one snapshot. */
@Service
class ShipmentHistory {

    /** One requestId: what it decided (null if the cancellation came first), and the shipment, if any. */
    record Entry(RecordedRequest<ScheduleOutcome> request, Shipment shipment) {
    }

    private final Requests<ScheduleOutcome> requests;
    private final ShipmentRepository shipments;

    ShipmentHistory(ParticipantRequests requests, ShipmentRepository shipments) {
        this.requests = requests.of(ScheduleOutcome.class);
        this.shipments = shipments;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    List<Entry> byOrder(String orderId) {
        Map<UUID, Shipment> scheduled = shipments.byOrder(orderId).stream()
                .collect(Collectors.toMap(Shipment::requestId, Function.identity()));
        return requests.byKey(orderId).stream()
                .map(request -> new Entry(request, scheduled.get(request.requestId())))
                .toList();
    }
}
