package io.sagaengine.chaos;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code outbox_listener_consuming} gauges of one instance, read from its {@code /actuator/prometheus}: 1 per
 * listener container that consumes, 0 per one that does not. A build without the gauge shows none.
 */
final class ListenerGauges {

    static final String GAUGE = "outbox_listener_consuming";

    private ListenerGauges() {
    }

    /** Each gauge's labels (e.g. {@code listener="saga-orchestrator"}) and value, from Prometheus text format. */
    static Map<String, Double> parse(String prometheus) {
        Map<String, Double> gauges = new LinkedHashMap<>();
        for (String line : prometheus.split("\n")) {
            if (!line.startsWith(GAUGE + "{") && !line.startsWith(GAUGE + " ")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labels = line.startsWith(GAUGE + "{") && close > 0 ? line.substring(GAUGE.length() + 1, close) : "";
            String[] rest = line.substring(close > 0 ? close + 1 : GAUGE.length()).trim().split("\\s+");
            try {
                gauges.put(labels, Double.parseDouble(rest[0]));
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return gauges;
    }

    /** Whether every listener the instance reports consumes; false if it reports none. */
    static boolean allConsuming(Map<String, Double> gauges) {
        return !gauges.isEmpty() && gauges.values().stream().allMatch(v -> v >= 1);
    }
}
