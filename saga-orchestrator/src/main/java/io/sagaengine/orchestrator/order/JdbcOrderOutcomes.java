package io.sagaengine.orchestrator.order;

import io.sagaengine.orchestrator.order.OrderRepository.Settled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Records an order's outcome in the saga transition's transaction and notifies {@value OrderChangeListener#CHANNEL}
 * there too, with the order's new version, so waiting long polls on every instance wake up exactly when, and only if,
 * it commits, and every instance knows the order's current version without reading it. The change's event for push
 * services goes into the outbox in the same transaction; a repeated outcome changes nothing and announces nothing.
 */
@Component
class JdbcOrderOutcomes implements OrderOutcomes {

    private final OrderRepository orders;
    private final OrderEvents events;

    JdbcOrderOutcomes(OrderRepository orders, OrderEvents events) {
        this.orders = orders;
        this.events = events;
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
        Optional<Settled> settled = orders.settle(orderId, outcome, reason, trackingNumber);
        if (settled.isPresent()) {
            events.settled(orderId, outcome, reason, trackingNumber, settled.get());
            orders.notifyOnCommit(OrderChangeListener.CHANNEL, OrderChange.to(orderId, settled.get().version()));
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
