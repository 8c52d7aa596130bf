package io.sagaengine.bench;

import org.junit.jupiter.api.Test;

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

    private double gapMillis(int i) {
        return (settings.sendOffsetNanos(i + 1) - settings.sendOffsetNanos(i)) / 1e6;
    }
}
