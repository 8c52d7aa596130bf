package io.sagaengine.monitoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricNamesTest {

    @Test
    void aggregationsFunctionsAndGroupingLabelsAreNotMetrics() {
        assertThat(MetricNames.usedBy("sum without (instance) (outbox_relay_streaming) == 0"))
                .containsExactly("outbox_relay_streaming");
        assertThat(MetricNames.usedBy("max by (group, topic, partition) (outbox_consumer_lag_records) > 1000"))
                .containsExactly("outbox_consumer_lag_records");
        assertThat(MetricNames.usedBy("count(outbox_listener_consuming == 0) or vector(0)"))
                .containsExactly("outbox_listener_consuming");
        assertThat(MetricNames.usedBy("time() - max by (database) (outbox_relay_last_published_seconds > 0)"))
                .containsExactly("outbox_relay_last_published_seconds");
    }

    @Test
    void everyMetricOfABinaryExpressionCounts() {
        assertThat(MetricNames.usedBy("""
                sum without (instance) (increase(saga_started_total[10m])) > 0
                unless sum without (instance, outcome) (increase(saga_cancelled_total[10m])) > 0
                """)).containsExactly("saga_cancelled_total", "saga_started_total");
        assertThat(MetricNames.usedBy("a_metric * on (saga) group_left (state) b_metric"))
                .containsExactly("a_metric", "b_metric");
    }

    @Test
    void labelMatchersStringsDurationsAndGrafanaVariablesAreNotMetrics() {
        assertThat(MetricNames.usedBy(
                "rate(saga_started_total{saga=~\"order|trip\", job!='x'}[$__rate_interval]) offset 5m"))
                .containsExactly("saga_started_total");
        assertThat(MetricNames.usedBy("label_replace(saga_parked{job=\"$job\"}, \"dst\", \"$1\", \"saga\", \"(.*)\")"))
                .containsExactly("saga_parked");
        assertThat(MetricNames.usedBy("saga_oldest_age_seconds > 3600 and saga_in_flight > 1e3"))
                .containsExactly("saga_in_flight", "saga_oldest_age_seconds");
    }

    @Test
    void aSelectorByNameCannotBeChecked() {
        assertThatThrownBy(() -> MetricNames.usedBy("{__name__=~\"saga_.*\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
