package io.sagaengine.inventory;

import io.sagaengine.contracts.common.OrderLine;
import io.sagaengine.contracts.inventory.InventoryUnavailable;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Whether an order's lines can all be reserved from the available stock. Lines of the same SKU are added up; SKUs
 * are kept in sorted order, which is also the order their rows are locked in.
 */
sealed interface Allocation {

    String INVALID_LINES = "INVALID_LINES";

    /** Every line can be served: reserve these quantities. */
    record Reserve(SortedMap<String, Integer> quantities) implements Allocation {
    }

    /** Nothing is reserved; {@code skus} (sorted) are the lines that cannot be served. */
    record Unavailable(String reason, List<String> skus) implements Allocation {
    }

    /** The quantity per SKU the lines ask for, or null when a line is invalid (no lines, a quantity below 1). */
    static SortedMap<String, Integer> requested(List<OrderLine> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        SortedMap<String, Integer> quantities = new TreeMap<>();
        for (OrderLine line : lines) {
            if (line.sku() == null || line.quantity() < 1) {
                return null;
            }
            quantities.merge(line.sku(), line.quantity(), Math::addExact);
        }
        return quantities;
    }

    /**
     * @param requested as returned by {@link #requested(List)}
     * @param available the available stock of the requested SKUs that exist
     */
    static Allocation plan(SortedMap<String, Integer> requested, Map<String, Integer> available) {
        if (requested == null) {
            return new Unavailable(INVALID_LINES, List.of());
        }
        List<String> unknown = requested.keySet().stream().filter(sku -> !available.containsKey(sku)).toList();
        if (!unknown.isEmpty()) {
            return new Unavailable(InventoryUnavailable.UNKNOWN_SKU, unknown);
        }
        List<String> insufficient = requested.entrySet().stream()
                .filter(e -> available.get(e.getKey()) < e.getValue())
                .map(Map.Entry::getKey)
                .toList();
        if (!insufficient.isEmpty()) {
            return new Unavailable(InventoryUnavailable.INSUFFICIENT_STOCK, insufficient);
        }
        return new Reserve(requested);
    }
}
