package io.sagaengine.operations.deadletter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterGaugesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void eachTopicHasItsGaugeUnknownUntilCountedAndKeepingItsLastValueWhileItCannotBeCounted() {
        Map<String, Long> depths = new HashMap<>(Map.of("a.DLT", 5L, "b.DLT", 0L));
        DeadLetterGauges gauges = new DeadLetterGauges(topic -> {
            Long depth = depths.get(topic);
            if (depth == null) {
                throw new KafkaUnavailableException("no answer", null);
            }
            return depth;
        }, List.of("a.DLT", "b.DLT"), registry, Duration.ofMinutes(1));

        assertThat(value("a.DLT")).isNaN();
        gauges.refresh();
        assertThat(value("a.DLT")).isEqualTo(5.0);
        assertThat(value("b.DLT")).isEqualTo(0.0);

        depths.remove("a.DLT");
        depths.put("b.DLT", 3L);
        gauges.refresh();
        assertThat(value("a.DLT")).as("Kafka did not answer for a.DLT: its last value stays").isEqualTo(5.0);
        assertThat(value("b.DLT")).as("one topic failing does not stop the others").isEqualTo(3.0);
    }

    @Test
    void anUnreachableKafkaMakesTheCountFailWithinItsTimeoutAndTheRefreshSurvivesIt() {
        // nothing listens on port 1
        DeadLetterOffsets offsets = new DeadLetterOffsets(Map.of("bootstrap.servers", "localhost:1"),
                Duration.ofMillis(300));
        try (offsets) {
            DeadLetterDepths depths = new DeadLetterDepths(offsets, null);
            DeadLetterGauges gauges = new DeadLetterGauges(topic -> depths.of(topic).depth(), List.of("a.DLT"),
                    registry, Duration.ofMinutes(1));
            long started = System.nanoTime();

            gauges.refresh();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(value("a.DLT")).isNaN();
        }
    }

    private double value(String topic) {
        return registry.get(DeadLetterGauges.NAME).tag("topic", topic).gauge().value();
    }
}
