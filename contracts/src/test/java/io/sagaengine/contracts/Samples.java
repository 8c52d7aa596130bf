package io.sagaengine.contracts;

import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;
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

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** One example of every message type. */
final class Samples {

    static final UUID REQUEST_ID = UUID.fromString("7d0f5c1e-3b7a-4a8e-9a43-2f1c0b6d9e11");
    static final String ORDER_ID = "0b9e3f5a-5c7d-4e21-8f0a-6a1d2c3b4e5f";
    static final List<OrderLine> LINES = List.of(
            new OrderLine("SKU-1", 2, new BigDecimal("19.99")),
            new OrderLine("SKU-2", 1, new BigDecimal("5.00")));
    static final Address ADDRESS = new Address("Alice", "Main St 1", "Berlin", "10115", "DE");

    private Samples() {
    }

    static List<ContractMessage> all() {
        return List.of(
                new ChargePayment(REQUEST_ID, ORDER_ID, "alice", new BigDecimal("39.98"), "EUR"),
                new RefundPayment(REQUEST_ID, ORDER_ID, "alice", new BigDecimal("39.98"), "EUR"),
                new PaymentCharged(REQUEST_ID, ORDER_ID, "ch-1"),
                new PaymentDeclined(REQUEST_ID, ORDER_ID, PaymentDeclined.INSUFFICIENT_CREDIT),
                new PaymentRefunded(REQUEST_ID, ORDER_ID),
                new ReserveInventory(REQUEST_ID, ORDER_ID, LINES),
                new ReleaseInventory(REQUEST_ID, ORDER_ID),
                new InventoryReserved(REQUEST_ID, ORDER_ID),
                new InventoryUnavailable(REQUEST_ID, ORDER_ID, InventoryUnavailable.UNKNOWN_SKU, List.of("SKU-9")),
                new InventoryReleased(REQUEST_ID, ORDER_ID),
                new ScheduleShipment(REQUEST_ID, ORDER_ID, ADDRESS, LINES),
                new CancelShipment(REQUEST_ID, ORDER_ID),
                new ShipmentScheduled(REQUEST_ID, ORDER_ID, "TRK-123"),
                new ShippingUnavailable(REQUEST_ID, ORDER_ID, ShippingUnavailable.COUNTRY_NOT_SERVED),
                new ShipmentCancelled(REQUEST_ID, ORDER_ID));
    }
}
