package io.sagaengine.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OverloadFiguresTest {

    private static final long SECOND = 1_000_000_000L;
    private final Fixtures fixtures = new Fixtures("t", "DE", "JP");
    private final List<TrackedOrder> orders = new ArrayList<>();

    @Test
    void aStretchCountsOfferedAcceptedAndRefusedBySendTimeAndCompletedByTerminalTime() {
        accepted(0.5, 0.2);
        accepted(1.5, 3.0); // sent in the stretch, terminal after it
        refused(1.6);
        refused(1.7);
        accepted(-0.5, 1.0); // sent before, terminal in it
        unfinished(1.8);

        OverloadFigures.Stretch stretch = new OverloadFigures(orders, 0).stretch(0, 2);

        assertThat(stretch.offered()).isEqualTo(5);
        assertThat(stretch.accepted()).isEqualTo(3);
        assertThat(stretch.refused()).isEqualTo(2);
        assertThat(stretch.completed()).as("terminal in the stretch, whenever sent").isEqualTo(2);
        assertThat(stretch.unfinished()).isEqualTo(1);
        assertThat(stretch.perSecond(stretch.refused())).isEqualTo(1.0);
        assertThat(stretch.p50()).as("of accepted orders only").isCloseTo(3000, within(5.0));
        assertThat(stretch.p99()).as("an unfinished order is slower than any finished one").isGreaterThan(1_000_000);
    }

    @Test
    void recoveryIsTheStartOfTheFirstBucketFromWhichOnLatencyStaysNormal() {
        for (int second = 0; second < 20; second++) {
            double latency = second < 5 ? 4.0 : second < 10 ? 0.1 : second < 15 ? 3.0 : 0.1;
            accepted(second + 0.5, latency);
        }
        List<OverloadFigures.Stretch> buckets = new OverloadFigures(orders, 0).buckets(0, 20, 5);

        assertThat(OverloadFigures.recoverySeconds(buckets, 1000)).as("normal for good only from t=15")
                .isEqualTo(OptionalDouble.of(15));
        assertThat(OverloadFigures.recoverySeconds(buckets, 500).getAsDouble()).isEqualTo(15);
        assertThat(OverloadFigures.recoverySeconds(buckets, 50)).as("never normal").isEmpty();
        assertThat(OverloadFigures.recoverySeconds(buckets, 5000)).as("normal throughout")
                .isEqualTo(OptionalDouble.of(0));
    }

    @Test
    void aBucketWhoseOrdersWereAllRefusedIsNotNormal() {
        accepted(0.5, 0.1);
        refused(5.5);
        List<OverloadFigures.Stretch> buckets = new OverloadFigures(orders, 0).buckets(0, 10, 5);

        assertThat(OverloadFigures.recoverySeconds(buckets, 1000)).isEmpty();
    }

    @Test
    void goodputReachesTheOfferedRateAtTheEndOfTheFirstBucketFromWhichOnItStaysAtNinetyPercent() {
        // 10/s offered for 40 s; completions: 2/s, then 10/s, then 8/s (short), then 10/s
        int[] completedPerSecond = {2, 10, 8, 10};
        for (int bucket = 0; bucket < 4; bucket++) {
            for (int i = 0; i < completedPerSecond[bucket] * 10; i++) {
                double at = bucket * 10 + i / (double) completedPerSecond[bucket];
                accepted(at - 0.2, 0.2);
            }
        }
        List<OverloadFigures.Stretch> buckets = new OverloadFigures(orders, 0).buckets(0, 40, 10);

        assertThat(buckets.get(1).goodput()).isCloseTo(10, within(0.2));
        assertThat(OverloadFigures.reachedSeconds(buckets, 10, 0.9)).isEqualTo(OptionalDouble.of(40));
        assertThat(OverloadFigures.reachedSeconds(buckets, 10, 0.75)).isEqualTo(OptionalDouble.of(20));
        assertThat(OverloadFigures.reachedSeconds(buckets.subList(0, 1), 10, 0.9)).isEmpty();
    }

    private TrackedOrder order(double sentAt) {
        TrackedOrder order = new TrackedOrder(fixtures.plan(orders.size(), OrderKind.HAPPY), (long) (sentAt * SECOND));
        orders.add(order);
        return order;
    }

    private void accepted(double sentAt, double latencySeconds) {
        TrackedOrder order = order(sentAt);
        order.orderId = "o" + orders.size();
        order.terminalNanos = order.intendedNanos + (long) (latencySeconds * SECOND);
        if (order.terminalNanos == 0) {
            order.terminalNanos = 1;
        }
    }

    private void refused(double sentAt) {
        order(sentAt).refused = true;
    }

    private void unfinished(double sentAt) {
        order(sentAt).orderId = "o" + orders.size();
    }
}
