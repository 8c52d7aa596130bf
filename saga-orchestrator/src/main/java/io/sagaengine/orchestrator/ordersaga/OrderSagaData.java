package io.sagaengine.orchestrator.ordersaga;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.orchestrator.order.PlacedOrder;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What the order saga carries from step to step: the order as accepted, then what the participants answered.
 *
 * @param chargeId       set when the payment is charged
 * @param trackingNumber set when the shipment is scheduled
 */
public record OrderSagaData(
        UUID orderId,
        String customerId,
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total,
        List<OrderLine> lines,
        Address address,
        String chargeId,
        String trackingNumber) {

    public OrderSagaData {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(total, "total");
        lines = List.copyOf(lines);
    }

    public static OrderSagaData of(PlacedOrder order) {
        return new OrderSagaData(order.orderId(), order.customerId(), order.currency(), order.total(), order.lines(),
                order.shippingAddress(), null, null);
    }

    /** The order id as the contract's messages carry it. */
    String orderReference() {
        return orderId.toString();
    }

    OrderSagaData withChargeId(String chargeId) {
        return new OrderSagaData(orderId, customerId, currency, total, lines, address, chargeId, trackingNumber);
    }

    OrderSagaData withTrackingNumber(String trackingNumber) {
        return new OrderSagaData(orderId, customerId, currency, total, lines, address, chargeId, trackingNumber);
    }
}
