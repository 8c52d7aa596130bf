package io.sagaengine.operations.monitoring;

import io.sagaengine.engine.test.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaHealthIndicatorTest {

    private final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final KafkaHealthIndicator indicator = new KafkaHealthIndicator(() -> {
        probes.incrementAndGet();
        if (failure.get() != null) {
            throw failure.get();
        }
        return new KafkaHealthIndicator.Cluster("cluster-1", 3);
    }, Duration.ofSeconds(5), clock);

    @Test
    void isUpWhenTheClusterAnswersAndAsksAgainOnlyAfterTheCachePeriod() {
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("clusterId", "cluster-1").containsEntry("nodes", 3);

        clock.advance(Duration.ofSeconds(4));
        failure.set(new TimeoutException("no answer"));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(probes).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        Health down = indicator.health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).isEqualTo(Map.of("error", "TimeoutException"));
        assertThat(probes).hasValue(2);
    }

    @Test
    void isDownWhenTheClusterHasNoNodes() {
        KafkaHealthIndicator empty = new KafkaHealthIndicator(() -> new KafkaHealthIndicator.Cluster("c", 0),
                Duration.ZERO, clock);
        assertThat(empty.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void isDownAgainstAnAddressWhereNoBrokerListens() {
        try (AdminClusterProbe probe = new AdminClusterProbe(Map.of("bootstrap.servers", "localhost:1"),
                Duration.ofMillis(300))) {
            KafkaHealthIndicator unreachable = new KafkaHealthIndicator(probe, Duration.ZERO, clock);
            long start = System.nanoTime();
            assertThat(unreachable.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
