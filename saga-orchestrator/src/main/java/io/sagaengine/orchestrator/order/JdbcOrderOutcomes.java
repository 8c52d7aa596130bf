package io.sagaengine.orchestrator.order;

import org.springframework.stereotype.Component;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Records an order's outcome in the saga transition's transaction and notifies {@value OrderChangeListener#CHANNEL}
 * there too, with the order's new version, so waiting long polls on every instance wake up exactly when, and only if,
 * it commits, and every instance knows the order's current version without reading it.
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
        OptionalLong version = orders.settle(orderId, outcome, reason, trackingNumber);
        if (version.isPresent()) {
            orders.notifyOnCommit(OrderChangeListener.CHANNEL, OrderChange.to(orderId, version.getAsLong()));
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
