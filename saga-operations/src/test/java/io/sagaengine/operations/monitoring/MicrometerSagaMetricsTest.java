package io.sagaengine.operations.monitoring;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.engine.SagaEngineObserver.AttentionCause;
import io.sagaengine.engine.SagaEngineObserver.StepResult;
import io.sagaengine.engine.SagaStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerSagaMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerSagaMetrics metrics = new MicrometerSagaMetrics(registry);

    @Test
    void countsSagasByOutcomeAndCause() {
        metrics.sagaStarted("order");
        metrics.sagaStarted("order");
        metrics.sagaEnded("order", SagaStatus.COMPLETED, null);
        metrics.sagaEnded("order", SagaStatus.COMPENSATED, "OUT_OF_STOCK");
        metrics.sagaEnded("order", SagaStatus.COMPENSATED, "OUT_OF_STOCK");
        metrics.sagaEnded("order", SagaStatus.COMPENSATED, "TIMED_OUT");
        metrics.sagaNeedsAttention("order", AttentionCause.PARKED);

        assertThat(registry.get("saga.started").tag("saga", "order").counter().count()).isEqualTo(2);
        assertThat(registry.get("saga.completed").tag("saga", "order").counter().count()).isEqualTo(1);
        assertThat(registry.get("saga.cancelled").tag("outcome", "OUT_OF_STOCK").counter().count()).isEqualTo(2);
        assertThat(registry.get("saga.cancelled").tag("outcome", "TIMED_OUT").counter().count()).isEqualTo(1);
        assertThat(registry.get("saga.needs.attention").tag("cause", "PARKED").counter().count()).isEqualTo(1);
    }

    @Test
    void countsOnlyReSendsAsRetriesAndTimesStepsByPhaseAndResult() {
        metrics.commandSent("order", "payment", false, 1);
        metrics.commandSent("order", "payment", false, 2);
        metrics.commandSent("order", "payment", false, 3);
        metrics.commandSent("order", "payment", true, 2);
        metrics.replyApplied("order", "payment", StepResult.SUCCEEDED, Duration.ofMillis(250));
        metrics.replyApplied("order", "payment", StepResult.COMPENSATED, Duration.ofSeconds(3));
        metrics.replyApplied("order", "payment", StepResult.FAILED, null);

        assertThat(registry.get("saga.step.retries").tag("step", "payment").tag("phase", "forward").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("saga.step.retries").tag("phase", "compensation").counter().count()).isEqualTo(1);
        Timer forward = registry.get("saga.step.latency").tag("phase", "forward").tag("result", "succeeded").timer();
        assertThat(forward.count()).isEqualTo(1);
        assertThat(forward.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250);
        assertThat(registry.get("saga.step.latency").tag("phase", "compensation").tag("result", "compensated").timer()
                .count()).isEqualTo(1);
        assertThat(registry.find("saga.step.latency").tag("result", "failed").timer()).isNull();
    }

    @Test
    void countsPurgedSagasByType() {
        metrics.sagasPurged("order", 500);
        metrics.sagasPurged("order", 12);
        metrics.sagasPurged("refund", 3);

        assertThat(registry.get("saga.purged").tag("saga", "order").counter().count()).isEqualTo(512);
        assertThat(registry.get("saga.purged").tag("saga", "refund").counter().count()).isEqualTo(3);
    }
}
