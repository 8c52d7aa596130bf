package io.sagaengine.orchestrator.order;

import io.sagaengine.contracts.common.Address;
import io.sagaengine.contracts.common.OrderLine;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** An accepted order, as handed to the order saga when it starts. */
public record PlacedOrder(
        UUID orderId,
        UUID sagaId,
        String customerId,
        String currency,
        BigDecimal total,
        List<OrderLine> lines,
        Address shippingAddress) {

    public PlacedOrder {
        lines = List.copyOf(lines);
    }
}
