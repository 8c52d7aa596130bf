package io.sagaengine.inventory;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One requestId's reservation; it holds its lines' stock until it is released. */
record Reservation(UUID requestId, String orderId, OffsetDateTime createdAt, OffsetDateTime releasedAt) {

    record Line(String sku, int quantity) {
    }
}
