package io.sagaengine.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OpenLoopRunTest {

    private final OpenLoopRun.Settings settings = new OpenLoopRun.Settings(100, 60, 30, 60, 20);

    @Test
    void theWarmUpRampsFromATenthOfTheRateToTheRateThenTheWindowOffersTheRate() {
        int warm = settings.warmupOrders();
        assertThat(warm).isEqualTo(3300); // 60 s averaging 55/s
        assertThat(settings.total()).isEqualTo(3300 + 3000);
        assertThat(settings.sendOffsetNanos(0)).isZero();
        assertThat(gapMillis(0)).as("first gap: 10/s").isCloseTo(100, within(1.0));
        assertThat(gapMillis(warm - 2)).as("last warm-up gap: about 100/s").isCloseTo(10, within(0.5));
        assertThat(settings.sendOffsetNanos(warm)).isEqualTo(TimeUnit.SECONDS.toNanos(60));
        assertThat(gapMillis(warm + 10)).as("in the window").isEqualTo(10.0);
        assertThat(settings.sendOffsetNanos(settings.total())).isEqualTo(TimeUnit.SECONDS.toNanos(90));
        for (int i = 1; i < settings.total(); i++) {
            assertThat(settings.sendOffsetNanos(i)).isGreaterThan(settings.sendOffsetNanos(i - 1));
        }
    }

    @Test
    void theSagasBehindTheCpuSamplesAreThoseThatFinishedBetweenThemNotInTheWholeWindow() {
        long second = TimeUnit.SECONDS.toNanos(1);
        Fixtures fixtures = new Fixtures("t", "DE", "JP");
        List<TrackedOrder> orders = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // one saga finishing per second of a 60 s window
            TrackedOrder order = new TrackedOrder(fixtures.plan(i, OrderKind.HAPPY), i * second);
            order.terminalNanos = i * second + second / 2;
            orders.add(order);
        }
        orders.add(new TrackedOrder(fixtures.plan(60, OrderKind.HAPPY), 0)); // never finished
        OpenLoopRun.Outcome outcome = new OpenLoopRun.Outcome(orders, 0, 0, 60 * second, 60);

        assertThat(outcome.terminalInWindow()).isEqualTo(60);
        // the first CPU sample taken 30 s late (a profiler starting): the CPU of 30 s is that of 30 sagas
        assertThat(outcome.terminalBetween(30 * second, 60 * second)).isEqualTo(30);
        assertThat(outcome.terminalBetween(0, 60 * second)).isEqualTo(60);
    }

    private double gapMillis(int i) {
        return (settings.sendOffsetNanos(i + 1) - settings.sendOffsetNanos(i)) / 1e6;
    }
}
