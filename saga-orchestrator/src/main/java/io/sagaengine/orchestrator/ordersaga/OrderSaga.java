package io.sagaengine.orchestrator.ordersaga;

import io.sagaengine.contracts.inventory.InventoryParticipant;
import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentParticipant;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingParticipant;
import io.sagaengine.contracts.shipping.ShippingUnavailable;
import io.sagaengine.engine.SagaDefinition;

import static io.sagaengine.orchestrator.order.OrderOutcomes.CancelReason.OUT_OF_STOCK;
import static io.sagaengine.orchestrator.order.OrderOutcomes.CancelReason.PAYMENT_DECLINED;
import static io.sagaengine.orchestrator.order.OrderOutcomes.CancelReason.SHIPPING_UNAVAILABLE;

/**
 * The order saga: charge the payment, reserve the stock, schedule the shipment. A failure undoes what was
 * done, newest first; the outcome names are the order's cancel reasons.
 */
final class OrderSaga {

    static final String NAME = "order";

    private OrderSaga() {
    }

    static SagaDefinition<OrderSagaData> definition(OrderSagaProperties timing) {
        return SagaDefinition.named(NAME, OrderSagaData.class)
                .defaults(timing.stepDeadline(), timing.stepRetry(), timing.compensationDeadline(),
                        timing.compensationRetry())
                .step(PaymentParticipant.NAME)
                    .invoke((order, requestId) -> PaymentParticipant.charge(requestId, order.orderReference(),
                            order.customerId(), order.total(), order.currency()))
                    .withCompensation((order, requestId) -> PaymentParticipant.refund(requestId,
                            order.orderReference(), order.customerId(), order.total(), order.currency()))
                    .onSuccess(PaymentCharged.class, (order, charged) -> order.withChargeId(charged.chargeId()))
                    .onFailure(PaymentDeclined.class, PAYMENT_DECLINED.name())
                    .compensatedBy(PaymentRefunded.class)
                .step(InventoryParticipant.NAME)
                    .invoke((order, requestId) -> InventoryParticipant.reserve(requestId, order.orderReference(),
                            order.lines()))
                    .withCompensation((order, requestId) -> InventoryParticipant.release(requestId,
                            order.orderReference()))
                    .onSuccess(InventoryReserved.class)
                    .onFailure(InventoryUnavailable.class, OUT_OF_STOCK.name())
                    .compensatedBy(InventoryReleased.class)
                .step(ShippingParticipant.NAME)
                    .invoke((order, requestId) -> ShippingParticipant.schedule(requestId, order.orderReference(),
                            order.address(), order.lines()))
                    // the last step: only sent when ScheduleShipment timed out (or was given up) and may have run
                    .withCompensation((order, requestId) -> ShippingParticipant.cancel(requestId,
                            order.orderReference()))
                    .onSuccess(ShipmentScheduled.class,
                            (order, scheduled) -> order.withTrackingNumber(scheduled.trackingNumber()))
                    .onFailure(ShippingUnavailable.class, SHIPPING_UNAVAILABLE.name())
                    .compensatedBy(ShipmentCancelled.class)
                .build();
    }
}
