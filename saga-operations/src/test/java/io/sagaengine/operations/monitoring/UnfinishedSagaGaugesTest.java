package io.sagaengine.operations.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaengine.engine.SagaCensus;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.test.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class UnfinishedSagaGaugesTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TestClock clock = new TestClock(NOW);
    private final AtomicReference<List<SagaCensus.Group>> groups = new AtomicReference<>(List.of());
    private final AtomicReference<List<SagaCensus.UndefinedType>> undefined = new AtomicReference<>(List.of());
    private final AtomicInteger counts = new AtomicInteger();
    private final UnfinishedSagaGauges gauges = new UnfinishedSagaGauges(new SagaCensus() {
        @Override
        public List<Group> unfinished() {
            counts.incrementAndGet();
            return orDown(groups.get());
        }

        @Override
        public List<UndefinedType> undefinedTypes() {
            return orDown(undefined.get());
        }
    }, List.of("order", "refund"), registry, Duration.ofSeconds(15), clock);

    private static <T> List<T> orDown(List<T> rows) {
        if (rows == null) {
            throw new IllegalStateException("database down");
        }
        return rows;
    }

    @Test
    void countsSagasByStateWithTheAgeOfTheOldestAndTheParkedOnes() {
        groups.set(List.of(
                new SagaCensus.Group("order", SagaStatus.RUNNING, "payment", 4, NOW.minusSeconds(90)),
                new SagaCensus.Group("order", SagaStatus.COMPENSATING, "payment.compensating", 1, NOW.minusSeconds(5)),
                new SagaCensus.Group("order", SagaStatus.NEEDS_ATTENTION, "NEEDS_ATTENTION", 2, NOW.minusSeconds(3600))));
        gauges.refresh();

        assertThat(inFlight("payment")).isEqualTo(4);
        assertThat(inFlight("payment.compensating")).isEqualTo(1);
        assertThat(inFlight("NEEDS_ATTENTION")).isEqualTo(2);
        assertThat(age("payment")).isEqualTo(90);
        clock.advance(Duration.ofSeconds(10));
        assertThat(age("payment")).as("the age grows between counts").isEqualTo(100);
        assertThat(parked("order")).isEqualTo(2);
        assertThat(parked("refund")).as("a saga type with none parked shows 0").isZero();
    }

    @Test
    void countsThePausedSagasOfEachTypeWhateverTheirStatus() {
        groups.set(List.of(
                new SagaCensus.Group("order", SagaStatus.RUNNING, "payment", 4, NOW.minusSeconds(90), 3),
                new SagaCensus.Group("order", SagaStatus.COMPENSATING, "payment.compensating", 1, NOW, 0),
                new SagaCensus.Group("order", SagaStatus.NEEDS_ATTENTION, "NEEDS_ATTENTION", 2, NOW, 1)));
        gauges.refresh();

        assertThat(paused("order")).isEqualTo(4);
        assertThat(paused("refund")).as("a saga type with none paused shows 0").isZero();
        assertThat(inFlight("payment")).as("paused sagas are in flight too, where they stopped").isEqualTo(4);

        groups.set(List.of(new SagaCensus.Group("order", SagaStatus.RUNNING, "payment", 4, NOW)));
        gauges.refresh();
        assertThat(paused("order")).as("unpaused").isZero();
    }

    @Test
    void aStateWithNoSagasLeftDisappearsAndAFailedCountKeepsTheLastValues() {
        groups.set(List.of(new SagaCensus.Group("order", SagaStatus.RUNNING, "payment", 4, NOW)));
        gauges.refresh();
        groups.set(List.of(new SagaCensus.Group("order", SagaStatus.RUNNING, "inventory", 1, NOW)));
        gauges.refresh();
        assertThat(registry.find(UnfinishedSagaGauges.IN_FLIGHT).tag("state", "payment").gauge()).isNull();
        assertThat(inFlight("inventory")).isEqualTo(1);

        groups.set(null);
        gauges.refresh();
        assertThat(inFlight("inventory")).isEqualTo(1);
        assertThat(counts).hasValue(3);
    }

    @Test
    void countsTheSagasInFlightAndTheHeldRepliesOfEachTypeNotDefinedHere() {
        undefined.set(List.of(new SagaCensus.UndefinedType("refund-v2", 3, 5),
                new SagaCensus.UndefinedType("retired", 0, 2)));
        gauges.refresh();

        assertThat(registry.get("saga.types.undefined").tag("saga", "refund-v2").gauge().value()).isEqualTo(3);
        assertThat(registry.get("saga.replies.held").tag("saga", "refund-v2").gauge().value()).isEqualTo(5);
        assertThat(registry.get("saga.types.undefined").tag("saga", "retired").gauge().value()).isZero();
        assertThat(registry.get("saga.replies.held").tag("saga", "retired").gauge().value()).isEqualTo(2);

        undefined.set(List.of(new SagaCensus.UndefinedType("refund-v2", 1, 0)));
        gauges.refresh();
        assertThat(registry.find("saga.replies.held").tag("saga", "retired").gauge())
                .as("a type with nothing left shows no row").isNull();
        assertThat(registry.get("saga.types.undefined").tag("saga", "refund-v2").gauge().value()).isEqualTo(1);

        undefined.set(null);
        gauges.refresh();
        assertThat(registry.get("saga.types.undefined").tag("saga", "refund-v2").gauge().value())
                .as("a failed count keeps the last values").isEqualTo(1);
        assertThat(registry.find("saga.types.undefined").tag("saga", "order").gauge())
                .as("no row for a type defined here").isNull();
    }

    private double inFlight(String state) {
        Gauge gauge = registry.find(UnfinishedSagaGauges.IN_FLIGHT).tag("saga", "order").tag("state", state).gauge();
        assertThat(gauge).as("in-flight gauge of %s", state).isNotNull();
        return gauge.value();
    }

    private double age(String state) {
        return registry.get(UnfinishedSagaGauges.OLDEST_AGE).tag("state", state).gauge().value();
    }

    private double paused(String saga) {
        return registry.get(UnfinishedSagaGauges.PAUSED).tag("saga", saga).gauge().value();
    }

    private double parked(String saga) {
        return registry.get(UnfinishedSagaGauges.PARKED).tag("saga", saga).gauge().value();
    }
}
