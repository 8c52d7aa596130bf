package io.sagaengine.orchestrator.order;

import java.util.UUID;

/**
 * How the order saga reports an order's outcome. Implemented by the order module; called by the order saga
 * inside the transaction of the saga transition that decides the outcome, so the order's status and the
 * saga's state never disagree.
 */
public interface OrderOutcomes {

    /** The reasons DESIGN.md allows for a cancelled order. */
    enum CancelReason { PAYMENT_DECLINED, OUT_OF_STOCK, SHIPPING_UNAVAILABLE, TIMED_OUT, CANCELLED_BY_OPERATOR }

    void completed(UUID orderId, String trackingNumber);

    void cancelled(UUID orderId, CancelReason reason);
}
