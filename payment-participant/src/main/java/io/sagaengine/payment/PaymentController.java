package io.sagaengine.payment;

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

    private final PaymentRepository payments;

    PaymentController(PaymentRepository payments) {
        this.payments = payments;
    }

    @GetMapping("/payments")
    @Operation(summary = "The charges of an order, with their refunds, and the net amount charged")
    OrderPayments byOrder(@RequestParam @Size(min = 1, max = 255) String orderId) {
        List<Payment> found = payments.byOrder(orderId);
        BigDecimal net = found.stream()
                .filter(p -> p.status() == PaymentStatus.CHARGED)
                .map(Payment::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return new OrderPayments(orderId, Money.format(net), found.stream().map(PaymentView::of).toList());
    }

    record OrderPayments(String orderId, String netCharged, List<PaymentView> payments) {
    }

    /**
     * @param status CHARGED, REFUNDED (charged, then refunded), DECLINED, or COMPENSATED_BEFORE_EXECUTION (refunded
     *               before any charge arrived; a late charge is not applied)
     */
    record PaymentView(String requestId, String chargeId, String customerId, String amount, String currency,
                       String status, String reason, OffsetDateTime createdAt, OffsetDateTime chargedAt,
                       OffsetDateTime refundedAt) {

        static PaymentView of(Payment p) {
            return new PaymentView(p.requestId().toString(), p.chargeId() == null ? null : p.chargeId().toString(),
                    p.customerId(), Money.format(p.amount()), p.currency(), p.status().name(), p.reason(),
                    p.createdAt(), p.chargedAt(), p.refundedAt());
        }
    }
}
