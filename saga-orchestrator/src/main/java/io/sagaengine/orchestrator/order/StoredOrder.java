package io.sagaengine.orchestrator.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An order row as the API shows it. {@code version} starts at 1 and grows with every change; it is the
 * order's entity tag.
 */
record StoredOrder(
        UUID id,
        UUID sagaId,
        OrderStatus status,
        String reason,
        BigDecimal total,
        String currency,
        String trackingNumber,
        String idempotencyKey,
        String requestFingerprint,
        long version,
        Instant createdAt,
        Instant updatedAt) {
}
