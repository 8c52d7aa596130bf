package io.sagaengine.orchestrator.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;

/** Order admission for tests of the order API, with the signals and the limit given by the test. */
public final class TestAdmission {

    private TestAdmission() {
    }

    static AdmissionProperties properties(boolean enabled, long maxReplyLag, int maxPoolWaiters, double maxHeap) {
        return new AdmissionProperties(enabled, Duration.ofSeconds(1), 20, 4, 500, Duration.ofMillis(250),
                Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(1), maxReplyLag, maxPoolWaiters,
                maxHeap, Duration.ofMillis(100), new AdmissionProperties.Connections(5, 2, Duration.ofMillis(200)));
    }

    /** Admits every order (admission switched off); placements still hold the order API's connections. */
    public static OrderAdmission admittingAll() {
        AdmissionProperties properties = properties(false, 0, 4, 1);
        return new OrderAdmission(new SagaLimit(properties.limit(), System::nanoTime),
                new OverloadSignals(() -> 0, () -> 0, () -> 0, properties),
                new OrderAdmission.ConnectionShare(5, Duration.ZERO), properties, new SimpleMeterRegistry(), () -> 0);
    }

    /** Refuses every order because the reply listener lags, as sampled once. */
    public static OrderAdmission refusingForReplyLag(MeterRegistry meters) {
        AdmissionProperties properties = properties(true, 10, 4, 1);
        OverloadSignals signals = new OverloadSignals(() -> 11, () -> 0, () -> 0, properties);
        signals.sample();
        return new OrderAdmission(new SagaLimit(properties.limit(), System::nanoTime), signals,
                new OrderAdmission.ConnectionShare(5, Duration.ZERO), properties, meters, () -> 0.99);
    }
}
