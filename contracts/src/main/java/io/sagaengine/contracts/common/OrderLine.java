package io.sagaengine.contracts.common;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.util.List;

/** One line of an order; {@code unitPrice} is written as a JSON string ("19.99") and read from a string or a number. */
public record OrderLine(
        String sku,
        int quantity,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice) {

    /** unitPrice times quantity. */
    public BigDecimal total() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    /** The sum of the lines' totals. */
    public static BigDecimal totalOf(List<OrderLine> lines) {
        return lines.stream().map(OrderLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
