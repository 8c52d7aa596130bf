package io.sagaengine.orchestrator.order;

import io.sagaengine.contracts.order.OrderStatusChanged;

/** Where an order stands: PENDING while its saga runs, then COMPLETED or CANCELLED. */
enum OrderStatus {
    PENDING, COMPLETED, CANCELLED;

    /** The same status as order events carry it. */
    OrderStatusChanged.Status inEvents() {
        return switch (this) {
            case PENDING -> OrderStatusChanged.Status.PENDING;
            case COMPLETED -> OrderStatusChanged.Status.COMPLETED;
            case CANCELLED -> OrderStatusChanged.Status.CANCELLED;
        };
    }
}
