package io.sagaengine.orchestrator.order;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A change notification on {@value OrderChangeListener#CHANNEL}: {@code <orderId>:<version>}, the version the change
 * committed. A bare {@code <orderId>} says the order changed in a way whose version is not known (from builds before
 * the version was sent, or because the order was deleted): the order must be read again.
 */
record OrderChange(UUID orderId, OptionalLong version) {

    static OrderChange to(UUID orderId, long version) {
        return new OrderChange(orderId, OptionalLong.of(version));
    }

    static OrderChange unknown(UUID orderId) {
        return new OrderChange(orderId, OptionalLong.empty());
    }

    String payload() {
        return version.isPresent() ? orderId + ":" + version.getAsLong() : orderId.toString();
    }

    /** Empty for a payload that names no order. */
    static Optional<OrderChange> parse(String payload) {
        if (payload == null) {
            return Optional.empty();
        }
        int colon = payload.indexOf(':');
        try {
            if (colon < 0) {
                return Optional.of(unknown(UUID.fromString(payload)));
            }
            return Optional.of(to(UUID.fromString(payload.substring(0, colon)),
                    Long.parseLong(payload.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
