package io.sagaengine.operations.admin;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The overview's cache on a clock of its own: one read per threshold and interval, failures not kept. */
class OverviewCacheTest {

    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration STUCK = Duration.ofMinutes(5);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void oneReadServesEveryCallerUntilTheTtlPasses() {
        OverviewCache<Integer> cache = new OverviewCache<>(TTL, nanos::get);

        assertThat(cache.get(STUCK, reads::incrementAndGet)).isEqualTo(1);
        nanos.addAndGet(TTL.minusMillis(1).toNanos());
        assertThat(cache.get(STUCK, reads::incrementAndGet)).isEqualTo(1);
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.get(STUCK, reads::incrementAndGet)).as("read anew once the TTL passed").isEqualTo(2);
        assertThat(cache.get(Duration.ofMinutes(6), reads::incrementAndGet)).as("another threshold").isEqualTo(3);
    }

    @Test
    void aReadThatFailsIsNotKept() {
        OverviewCache<Integer> cache = new OverviewCache<>(TTL, nanos::get);

        assertThatThrownBy(() -> cache.get(STUCK, () -> {
            throw new IllegalStateException("timed out");
        })).hasMessage("timed out");
        assertThat(cache.get(STUCK, reads::incrementAndGet)).isEqualTo(1);
    }

    @Test
    void aTtlOfZeroReadsEveryTime() {
        OverviewCache<Integer> cache = new OverviewCache<>(Duration.ZERO, nanos::get);

        cache.get(STUCK, reads::incrementAndGet);
        cache.get(STUCK, reads::incrementAndGet);

        assertThat(reads).hasValue(2);
    }

    @Test
    void keepsABoundedNumberOfThresholds() {
        OverviewCache<Integer> cache = new OverviewCache<>(TTL, nanos::get);

        for (int minutes = 1; minutes <= OverviewCache.MAX_THRESHOLDS + 1; minutes++) {
            cache.get(Duration.ofMinutes(minutes), reads::incrementAndGet);
        }
        // the first threshold made room for the last, so it is read again
        assertThat(cache.get(Duration.ofMinutes(1), reads::incrementAndGet))
                .isEqualTo(OverviewCache.MAX_THRESHOLDS + 2);
    }
}
