package io.sagaengine.orchestrator.order;

import org.springframework.stereotype.Component;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Objects;
import java.util.UUID;

/**
 * Records an order's outcome in the saga transition's transaction and notifies {@value OrderChangeListener#CHANNEL}
 * there too, so waiting long polls on every instance wake up exactly when, and only if, it commits.
 */
@Component
class JdbcOrderOutcomes implements OrderOutcomes {

    private final OrderRepository orders;

    JdbcOrderOutcomes(OrderRepository orders) {
        this.orders = orders;
    }

    @Override
    public void completed(UUID orderId, String trackingNumber) {
        Objects.requireNonNull(trackingNumber, "trackingNumber");
        settle(orderId, OrderStatus.COMPLETED, null, trackingNumber);
    }

    @Override
    public void cancelled(UUID orderId, CancelReason reason) {
        Objects.requireNonNull(reason, "reason");
        settle(orderId, OrderStatus.CANCELLED, reason.name(), null);
    }

    private void settle(UUID orderId, OrderStatus outcome, String reason, String trackingNumber) {
        Objects.requireNonNull(orderId, "orderId");
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "An order's outcome must be recorded in the transaction of the saga transition that decides it");
        }
        if (orders.settle(orderId, outcome, reason, trackingNumber)) {
            orders.notifyOnCommit(OrderChangeListener.CHANNEL, orderId);
            return;
        }
        StoredOrder current = orders.find(orderId)
                .orElseThrow(() -> new IllegalArgumentException("There is no order " + orderId));
        boolean repeated = current.status() == outcome && Objects.equals(current.reason(), reason)
                && Objects.equals(current.trackingNumber(), trackingNumber);
        if (!repeated) {
            throw new IllegalStateException("Order " + orderId + " is already " + current.status()
                    + " and cannot become " + outcome);
        }
    }
}
