package io.sagaengine.payment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One requestId's charge; it is in force until it is refunded. */
record Payment(UUID requestId, String orderId, String customerId, BigDecimal amount, String currency,
               UUID chargeId, OffsetDateTime chargedAt, OffsetDateTime refundedAt) {

    boolean refunded() {
        return refundedAt != null;
    }
}
