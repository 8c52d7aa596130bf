package io.sagaengine.chaos;

import java.math.BigDecimal;
import java.util.Map;

/** One order the workload places: its Idempotency-Key, its request body and how it should end. */
record OrderPlan(String key, String body, Expected expected, Map<String, Integer> lines, BigDecimal total) {

    OrderPlan {
        lines = Map.copyOf(lines);
    }
}
