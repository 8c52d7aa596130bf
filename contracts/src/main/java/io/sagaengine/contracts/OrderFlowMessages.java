package io.sagaengine.contracts;

import io.sagaengine.contracts.inventory.InventoryReleased;
import io.sagaengine.contracts.inventory.InventoryReserved;
import io.sagaengine.contracts.inventory.InventoryUnavailable;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShipmentCancelled;
import io.sagaengine.contracts.shipping.ShipmentScheduled;
import io.sagaengine.contracts.shipping.ShippingUnavailable;

import java.util.List;

import static io.sagaengine.contracts.MessageDescriptor.command;
import static io.sagaengine.contracts.MessageDescriptor.compensation;
import static io.sagaengine.contracts.MessageDescriptor.reply;

/** The order flow's messages: payment, inventory and shipping. Registered in {@code META-INF/services}. */
public final class OrderFlowMessages implements MessageSet {

    private static final List<MessageDescriptor> DESCRIPTORS = List.of(
            command(ChargePayment.class, Topics.PAYMENT_COMMANDS),
            compensation(RefundPayment.class, Topics.PAYMENT_COMMANDS),
            reply(PaymentCharged.class, Topics.PAYMENT_REPLIES),
            reply(PaymentDeclined.class, Topics.PAYMENT_REPLIES),
            reply(PaymentRefunded.class, Topics.PAYMENT_REPLIES),

            command(ReserveInventory.class, Topics.INVENTORY_COMMANDS),
            compensation(ReleaseInventory.class, Topics.INVENTORY_COMMANDS),
            reply(InventoryReserved.class, Topics.INVENTORY_REPLIES),
            reply(InventoryUnavailable.class, Topics.INVENTORY_REPLIES),
            reply(InventoryReleased.class, Topics.INVENTORY_REPLIES),

            command(ScheduleShipment.class, Topics.SHIPPING_COMMANDS),
            compensation(CancelShipment.class, Topics.SHIPPING_COMMANDS),
            reply(ShipmentScheduled.class, Topics.SHIPPING_REPLIES),
            reply(ShippingUnavailable.class, Topics.SHIPPING_REPLIES),
            reply(ShipmentCancelled.class, Topics.SHIPPING_REPLIES));

    @Override
    public List<MessageDescriptor> descriptors() {
        return DESCRIPTORS;
    }
}
