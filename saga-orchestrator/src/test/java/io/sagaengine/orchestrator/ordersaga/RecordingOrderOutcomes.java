package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.orchestrator.order.OrderOutcomes;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Remembers the outcomes it was told, as "completed ORDER TRACKING" / "cancelled ORDER REASON". */
final class RecordingOrderOutcomes implements OrderOutcomes {

    final List<String> told = new ArrayList<>();
    RuntimeException failWith;

    @Override
    public void completed(UUID orderId, String trackingNumber) {
        fail();
        told.add("completed " + orderId + " " + trackingNumber);
    }

    @Override
    public void cancelled(UUID orderId, CancelReason reason) {
        fail();
        told.add("cancelled " + orderId + " " + reason);
    }

    private void fail() {
        if (failWith != null) {
            throw failWith;
        }
    }
}
