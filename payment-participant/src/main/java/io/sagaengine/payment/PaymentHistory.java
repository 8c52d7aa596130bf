package io.sagaengine.payment;

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

/** An order's charge requests, each with its charge if one was made, read from one snapshot. */
@Service
class PaymentHistory {

    /** One requestId: what the charge decided (null if the refund came first), and the charge made, if any. */
    record Entry(RecordedRequest<ChargeOutcome> request, Payment payment) {
    }

    private final Requests<ChargeOutcome> requests;
    private final PaymentRepository payments;

    PaymentHistory(ParticipantRequests requests, PaymentRepository payments) {
        this.requests = requests.of(ChargeOutcome.class);
        this.payments = payments;
    }

    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    List<Entry> byOrder(String orderId) {
        Map<UUID, Payment> charges = payments.byOrder(orderId).stream()
                .collect(Collectors.toMap(Payment::requestId, Function.identity()));
        return requests.byKey(orderId).stream()
                .map(request -> new Entry(request, charges.get(request.requestId())))
                .toList();
    }
}
