package io.sagaengine.inventory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One requestId's reservation (or why it could not be made, or the marker of a release that came first).
 *
 * @param skus for UNAVAILABLE: the SKUs that could not be served
 */
record Reservation(UUID requestId, String orderId, ReservationStatus status, String reason, List<String> skus,
                   OffsetDateTime createdAt, OffsetDateTime releasedAt) {

    record Line(String sku, int quantity) {
    }
}
