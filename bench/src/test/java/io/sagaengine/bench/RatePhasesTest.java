package io.sagaengine.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RatePhasesTest {

    private final RatePhases schedule = new RatePhases(List.of(
            new RatePhases.Phase("warm-up", 2, 20, 10),
            RatePhases.Phase.constant("overload", 40, 5),
            RatePhases.Phase.constant("recovery", 10, 4)));

    @Test
    void eachPhaseOffersItsRateOneAfterTheOther() {
        assertThat(schedule.total()).isEqualTo(110 + 200 + 40);
        assertThat(schedule.startSeconds("overload")).isEqualTo(10);
        assertThat(schedule.startSeconds("recovery")).isEqualTo(15);
        assertThat(schedule.sendOffsetNanos(0)).isZero();
        // 2/s rising by 1.8/s every second: 2t + 0.9t^2 = 1 after t = 0.4204 s
        assertThat(gapMillis(0)).as("the ramp's first gap").isCloseTo(420.4, within(0.5));
        assertThat(schedule.sendOffsetNanos(110)).as("the overload's first order").isEqualTo(TimeUnit.SECONDS.toNanos(10));
        assertThat(gapMillis(150)).as("in the overload: 40/s").isCloseTo(25, within(0.01));
        assertThat(schedule.sendOffsetNanos(310)).as("the recovery's first order").isEqualTo(TimeUnit.SECONDS.toNanos(15));
        assertThat(gapMillis(320)).as("in the recovery: 10/s").isCloseTo(100, within(0.01));
        assertThat(schedule.sendOffsetNanos(schedule.total())).isEqualTo(TimeUnit.SECONDS.toNanos(19));
        for (int i = 1; i <= schedule.total(); i++) {
            assertThat(schedule.sendOffsetNanos(i)).isGreaterThan(schedule.sendOffsetNanos(i - 1));
        }
    }

    private double gapMillis(int i) {
        return (schedule.sendOffsetNanos(i + 1) - schedule.sendOffsetNanos(i)) / 1e6;
    }
}
