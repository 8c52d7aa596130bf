package io.sagaengine.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Spurious outcomes grouped by what was planned and how they ended, with a few examples each. */
final class SpuriousSummary {

    private static final int EXAMPLES = 5;

    private SpuriousSummary() {
    }

    static List<String> lines(List<String> spurious) {
        Map<String, List<String>> byKind = new TreeMap<>();
        for (String line : spurious) {
            int planned = line.indexOf(" planned ");
            String kind = planned < 0 ? line : line.substring(planned + 1);
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(planned < 0 ? line : line.substring(0, planned));
        }
        List<String> lines = new ArrayList<>();
        byKind.forEach((kind, orders) -> {
            lines.add(orders.size() + " x " + kind);
            orders.stream().limit(EXAMPLES).forEach(order -> lines.add("    e.g. " + order));
        });
        return lines;
    }
}
