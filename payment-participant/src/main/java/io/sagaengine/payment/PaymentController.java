package io.sagaengine.payment;

import io.sagaengine.service.participant.requests.RecordedRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

@RestController
@Validated
@Tag(name = "payments", description = "Charges and refunds per order")
class PaymentController {

    private final PaymentHistory history;

    PaymentController(PaymentHistory history) {
        this.history = history;
    }

    @GetMapping("/payments")
    @Operation(summary = "The charges of an order, with their refunds, and the net amount charged")
    OrderPayments byOrder(@RequestParam @Size(min = 1, max = 255) String orderId) {
        List<PaymentHistory.Entry> found = history.byOrder(orderId);
        BigDecimal net = found.stream()
                .map(PaymentHistory.Entry::payment)
                .filter(p -> p != null && !p.refunded())
                .map(Payment::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new OrderPayments(orderId, Money.format(net), found.stream().map(PaymentView::of).toList());
    }

    record OrderPayments(String orderId, String netCharged, List<PaymentView> payments) {
    }

    /**
     * @param status CHARGED, REFUNDED (charged, then refunded), DECLINED, or COMPENSATED_BEFORE_EXECUTION (refunded
     *               before any charge arrived; a late charge is not applied, and customer, amount and currency are
     *               not known)
     */
    record PaymentView(String requestId, String chargeId, String customerId, String amount, String currency,
                       String status, String reason, OffsetDateTime createdAt, OffsetDateTime chargedAt,
                       OffsetDateTime refundedAt) {

        static PaymentView of(PaymentHistory.Entry entry) {
            RecordedRequest<ChargeOutcome> request = entry.request();
            String requestId = request.requestId().toString();
            if (entry.payment() != null) {
                Payment p = entry.payment();
                return new PaymentView(requestId, p.chargeId().toString(), p.customerId(), Money.format(p.amount()),
                        p.currency(), p.refunded() ? "REFUNDED" : "CHARGED", null, request.createdAt(),
                        p.chargedAt(), p.refundedAt());
            }
            if (request.outcome() instanceof ChargeOutcome.Declined d) {
                return new PaymentView(requestId, null, d.customerId(), Money.formatRequested(d.amount()), d.currency(),
                        "DECLINED", d.reason(), request.createdAt(), null, null);
            }
            return new PaymentView(requestId, null, null, null, null, "COMPENSATED_BEFORE_EXECUTION", null,
                    request.createdAt(), null, null);
        }
    }
}
