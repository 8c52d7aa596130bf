package io.sagaengine.operations.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sagaengine.engine.SagaEngineObserver;
import io.sagaengine.engine.SagaStatus;

import java.time.Duration;
import java.util.Locale;

/** The saga engine's counters and step latencies in Micrometer. */
final class MicrometerSagaMetrics implements SagaEngineObserver {

    static final String STARTED = "saga.started";
    static final String COMPLETED = "saga.completed";
    static final String CANCELLED = "saga.cancelled";
    static final String NEEDS_ATTENTION = "saga.needs.attention";
    static final String STEP_LATENCY = "saga.step.latency";
    static final String STEP_RETRIES = "saga.step.retries";
    static final String PURGED = "saga.purged";

    private final MeterRegistry registry;

    MicrometerSagaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void sagaStarted(String sagaType) {
        Counter.builder(STARTED).description("Sagas started").tag("saga", sagaType).register(registry).increment();
    }

    @Override
    public void sagaEnded(String sagaType, SagaStatus status, String outcome) {
        if (status == SagaStatus.COMPLETED) {
            Counter.builder(COMPLETED).description("Sagas that completed every step").tag("saga", sagaType)
                    .register(registry).increment();
        } else {
            Counter.builder(CANCELLED).description("Sagas compensated, by the reason they did not complete")
                    .tag("saga", sagaType).tag("outcome", outcome == null ? "UNKNOWN" : outcome)
                    .register(registry).increment();
        }
    }

    @Override
    public void sagaNeedsAttention(String sagaType, AttentionCause cause) {
        Counter.builder(NEEDS_ATTENTION).description("Sagas that came to need attention, by cause")
                .tag("saga", sagaType).tag("cause", cause.name()).register(registry).increment();
    }

    @Override
    public void commandSent(String sagaType, String step, boolean compensation, int attempt) {
        if (attempt > 1) {
            Counter.builder(STEP_RETRIES).description("Commands re-sent because their deadline passed without a reply")
                    .tag("saga", sagaType).tag("step", step).tag("phase", phase(compensation))
                    .register(registry).increment();
        }
    }

    @Override
    public void replyApplied(String sagaType, String step, StepResult result, Duration latency) {
        if (latency == null) {
            return;
        }
        Timer.builder(STEP_LATENCY)
                .description("From a step's first send (forward or compensation) to its reply being applied")
                .tag("saga", sagaType).tag("step", step)
                .tag("phase", phase(result == StepResult.COMPENSATED))
                .tag("result", result.name().toLowerCase(Locale.ROOT))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry)
                .record(latency);
    }

    @Override
    public void sagasPurged(String sagaType, int count) {
        Counter.builder(PURGED).description("Finished sagas deleted with their history by the retention purge")
                .tag("saga", sagaType).register(registry).increment(count);
    }

    private static String phase(boolean compensation) {
        return compensation ? "compensation" : "forward";
    }
}
