package io.sagaengine.inventory;

import io.sagaengine.contracts.common.OrderLine;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationTest {

    private static OrderLine line(String sku, int quantity) {
        return new OrderLine(sku, quantity, BigDecimal.ONE);
    }

    @Test
    void reservesEveryLineWhenAllAreInStock() {
        var requested = Allocation.requested(List.of(line("B", 2), line("A", 1), line("B", 3)));
        Allocation allocation = Allocation.plan(requested, Map.of("A", 1, "B", 5));
        assertThat(allocation).isInstanceOf(Allocation.Reserve.class);
        assertThat(((Allocation.Reserve) allocation).quantities()).containsExactly(Map.entry("A", 1), Map.entry("B", 5));
    }

    @Test
    void unknownSkusComeFirstAndAreListedSorted() {
        var requested = Allocation.requested(List.of(line("Z", 1), line("A", 100), line("Y", 1)));
        assertThat(Allocation.plan(requested, Map.of("A", 1)))
                .isEqualTo(new Allocation.Unavailable("UNKNOWN_SKU", List.of("Y", "Z")));
    }

    @Test
    void tooLittleStockNamesTheShortLines() {
        var requested = Allocation.requested(List.of(line("A", 2), line("B", 2), line("C", 1), line("B", 1)));
        assertThat(Allocation.plan(requested, Map.of("A", 1, "B", 2, "C", 1)))
                .isEqualTo(new Allocation.Unavailable("INSUFFICIENT_STOCK", List.of("A", "B")));
    }

    @Test
    void invalidLinesReserveNothing() {
        assertThat(Allocation.requested(List.of())).isNull();
        assertThat(Allocation.requested(List.of(line("A", 0)))).isNull();
        assertThat(Allocation.plan(null, Map.of()))
                .isEqualTo(new Allocation.Unavailable("INVALID_LINES", List.of()));
    }
}
