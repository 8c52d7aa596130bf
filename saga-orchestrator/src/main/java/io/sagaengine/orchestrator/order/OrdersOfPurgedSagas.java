package io.sagaengine.orchestrator.order;

import io.sagaengine.engine.SagaPurgeListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

/**
 * An order goes with its saga when the engine's retention purge deletes the finished saga, in the purge's
 * transaction. Orders are found by their saga's id, so the saga type does not matter. Its Idempotency-Key goes
 * with it: a repeat of the request after that places a new order.
 */
@Component
class OrdersOfPurgedSagas implements SagaPurgeListener {

    private final OrderRepository orders;

    OrdersOfPurgedSagas(OrderRepository orders) {
        this.orders = orders;
    }

    @Override
    public void beforePurge(String sagaType, List<UUID> sagaIds) {
        List<UUID> deleted = orders.deleteBySagaIds(sagaIds);
        // every instance forgets the versions it knew, so a client still polling an order hears 404, not 304
        orders.notifyOnCommit(OrderChangeListener.CHANNEL, deleted.stream().map(OrderChange::unknown).toList());
    }
}
