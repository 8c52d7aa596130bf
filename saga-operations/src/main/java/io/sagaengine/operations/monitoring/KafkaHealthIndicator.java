package io.sagaengine.operations.monitoring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the Kafka cluster answers: a cluster description within a short timeout. The answer is kept for
 * {@code cacheFor}, so frequent probes and scrapes cost one request per period, and a slow broker never holds
 * more than one caller.
 */
final class KafkaHealthIndicator implements HealthIndicator {

    /** Describes the cluster, or throws; must give up after its own timeout. */
    @FunctionalInterface
    interface ClusterProbe {
        Cluster describe() throws Exception;
    }

    record Cluster(String clusterId, int nodes) {
    }

    private final ClusterProbe probe;
    private final Duration cacheFor;
    private final Clock clock;
    private Health last;
    private Instant checkedAt;

    KafkaHealthIndicator(ClusterProbe probe, Duration cacheFor, Clock clock) {
        this.probe = probe;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(cacheFor))) {
            last = check();
            checkedAt = now;
        }
        return last;
    }

    private Health check() {
        try {
            Cluster cluster = probe.describe();
            if (cluster.nodes() == 0) {
                return Health.down().withDetail("clusterId", String.valueOf(cluster.clusterId()))
                        .withDetail("nodes", 0).build();
            }
            return Health.up().withDetail("clusterId", String.valueOf(cluster.clusterId()))
                    .withDetail("nodes", cluster.nodes()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Health.down().withDetail("error", cause.getClass().getSimpleName()).build();
        }
    }
}
