package io.sagaengine.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One requestId's charge (or its decline, or the marker of a refund that came first). */
record Payment(UUID requestId, String orderId, String customerId, BigDecimal amount, String currency,
               PaymentStatus status, UUID chargeId, String reason, OffsetDateTime createdAt,
               OffsetDateTime chargedAt, OffsetDateTime refundedAt) {
}
