package io.sagaengine.contracts.payment;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.util.UUID;

/** Charge the order total against the customer's credit. Replies: {@link PaymentCharged} or {@link PaymentDeclined}. */
public record ChargePayment(
        UUID requestId,
        String orderId,
        String customerId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency) implements PaymentCommand {
}
