package io.sagaengine.orchestrator.order;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.UUID;

/** The body of {@code 202 Accepted} for {@code POST /orders}. */
@Schema(description = "An accepted order; its saga has started")
record OrderAccepted(UUID orderId, UUID sagaId, @Schema(allowableValues = "PENDING") String status) {

    static OrderAccepted of(OrderPlacement.Accepted accepted) {
        return new OrderAccepted(accepted.orderId(), accepted.sagaId(), OrderStatus.PENDING.name());
    }
}
