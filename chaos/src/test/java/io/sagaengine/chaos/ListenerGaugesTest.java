package io.sagaengine.chaos;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerGaugesTest {

    @Test
    void readsEveryListenerGaugeAndIgnoresOtherMetrics() {
        Map<String, Double> gauges = ListenerGauges.parse("""
                # HELP outbox_listener_consuming 1 while the listener container consumes
                # TYPE outbox_listener_consuming gauge
                outbox_listener_consuming{application="saga-orchestrator",listener="saga-orchestrator"} 1.0
                outbox_listener_consuming{application="saga-orchestrator",listener="dead-letters"} 0.0
                outbox_listener_consuming_total{listener="x"} 5.0
                saga_in_flight 3.0
                """);

        assertThat(gauges).containsExactly(
                Map.entry("application=\"saga-orchestrator\",listener=\"saga-orchestrator\"", 1.0),
                Map.entry("application=\"saga-orchestrator\",listener=\"dead-letters\"", 0.0));
        assertThat(ListenerGauges.allConsuming(gauges)).isFalse();
    }

    @Test
    void allConsumingNeedsAtLeastOneGaugeAndEveryOneAtOne() {
        assertThat(ListenerGauges.allConsuming(Map.of())).isFalse();
        assertThat(ListenerGauges.allConsuming(Map.of("listener=\"a\"", 1.0, "listener=\"b\"", 1.0))).isTrue();
        assertThat(ListenerGauges.parse("saga_in_flight 3.0\n")).isEmpty();
    }
}
