package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.engine.SagaStatusChange;
import io.sagaengine.engine.SagaStatusListener;
import io.sagaengine.orchestrator.order.OrderOutcomes;
import io.sagaengine.orchestrator.order.OrderOutcomes.CancelReason;

/**
 * Settles the order when its saga ends, in the saga's transaction: COMPLETED with the tracking number;
 * CANCELLED only once the saga is COMPENSATED, i.e. after the refund and the release are confirmed.
 */
final class OrderOutcomeReporter implements SagaStatusListener {

    private final OrderOutcomes outcomes;

    OrderOutcomeReporter(OrderOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public void onStatusChange(SagaStatusChange change) {
        if (!OrderSaga.NAME.equals(change.sagaType())) {
            return;
        }
        OrderSagaData order = change.data(OrderSagaData.class);
        switch (change.to()) {
            case COMPLETED -> outcomes.completed(order.orderId(), order.trackingNumber());
            case COMPENSATED -> outcomes.cancelled(order.orderId(), reason(change.outcome()));
            default -> {
                // RUNNING, COMPENSATING and NEEDS_ATTENTION leave the order PENDING
            }
        }
    }

    private static CancelReason reason(String outcome) {
        try {
            return CancelReason.valueOf(outcome);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("order saga compensated with unknown outcome " + outcome, e);
        }
    }
}
