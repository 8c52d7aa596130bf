package io.sagaengine.operations.monitoring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the saga metrics and health checks ({@code saga.monitoring.*}).
 *
 * @param censusInterval how often the in-flight gauges are recounted (one aggregate query)
 * @param kafka          the Kafka health check
 */
@ConfigurationProperties("saga.monitoring")
public record MonitoringProperties(
        @DefaultValue("15s") Duration censusInterval,
        @DefaultValue Kafka kafka) {

    public MonitoringProperties {
        if (censusInterval.isNegative() || censusInterval.isZero()) {
            throw new IllegalArgumentException("saga.monitoring.census-interval must be positive");
        }
    }

    /**
     * @param timeout  how long one cluster description may take before Kafka counts as down
     * @param cacheFor how long an answer is reused
     */
    public record Kafka(@DefaultValue("2s") Duration timeout, @DefaultValue("5s") Duration cacheFor) {
        public Kafka {
            if (timeout.isNegative() || timeout.isZero() || cacheFor.isNegative()) {
                throw new IllegalArgumentException("saga.monitoring.kafka: timeout > 0 and cache-for >= 0 required");
            }
        }
    }
}
