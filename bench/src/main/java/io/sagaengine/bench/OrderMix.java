package io.sagaengine.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which kind the n-th order is, for a mix such as {@code happy=80,declined=10,oos=5,noship=5}: smooth weighted
 * round robin, so every stretch of orders keeps the proportions and two runs place the same sequence.
 */
final class OrderMix {

    static final String DEFAULT = "happy=80,declined=10,oos=5,noship=5";

    private final Map<OrderKind, Integer> weights;
    private final int total;
    private final Map<OrderKind, Integer> current = new EnumMap<>(OrderKind.class);

    private OrderMix(Map<OrderKind, Integer> weights) {
        this.weights = weights;
        this.total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("the mix has no weight");
        }
        weights.keySet().forEach(k -> current.put(k, 0));
    }

    static OrderMix parse(String text) {
        Map<OrderKind, Integer> weights = new EnumMap<>(OrderKind.class);
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("mix entries look like happy=80: " + part);
            }
            int weight = Integer.parseInt(kv[1].trim());
            if (weight < 0) {
                throw new IllegalArgumentException("negative weight: " + part);
            }
            if (weight > 0) {
                weights.put(OrderKind.byLabel(kv[0].trim()), weight);
            }
        }
        return new OrderMix(weights);
    }

    /** The next order's kind. Not thread-safe: one sender calls it. */
    OrderKind next() {
        OrderKind best = null;
        for (Map.Entry<OrderKind, Integer> e : weights.entrySet()) {
            int value = current.merge(e.getKey(), e.getValue(), Integer::sum);
            if (best == null || value > current.get(best)) {
                best = e.getKey();
            }
        }
        current.merge(best, -total, Integer::sum);
        return best;
    }

    @Override
    public String toString() {
        return weights.entrySet().stream().map(e -> e.getKey().label() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
