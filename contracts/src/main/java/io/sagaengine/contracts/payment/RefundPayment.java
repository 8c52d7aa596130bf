package io.sagaengine.contracts.payment;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.util.UUID;

/** Compensation of {@link ChargePayment}, with the same requestId. Reply: {@link PaymentRefunded}. */
public record RefundPayment(
        UUID requestId,
        String orderId,
        String customerId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency) implements PaymentCommand {
}
