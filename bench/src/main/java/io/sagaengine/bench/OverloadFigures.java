package io.sagaengine.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * The figures of an overload run, from its tracked orders: offered, accepted, refused and completed orders per
 * second over a stretch of the run, latency of the accepted ones, and per bucket of a few seconds, when latency
 * came back to normal (sustained overload) or goodput reached the offered rate (cold start).
 */
final class OverloadFigures {

    /** What one stretch of the run saw; latency in milliseconds, of accepted orders sent in the stretch. */
    record Stretch(double fromSeconds, double seconds, long offered, long accepted, long refused, long completed,
                   long unfinished, double p50, double p99) {

        double perSecond(long count) {
            return seconds <= 0 ? Double.NaN : count / seconds;
        }

        /** Orders that reached a terminal status in the stretch, per second, whenever they were sent. */
        double goodput() {
            return perSecond(completed);
        }
    }

    private final List<TrackedOrder> orders;
    private final long startNanos;

    OverloadFigures(List<TrackedOrder> orders, long startNanos) {
        this.orders = List.copyOf(orders);
        this.startNanos = startNanos;
    }

    /**
     * Orders sent from {@code fromSeconds} for {@code seconds} (after the first send); {@code completed} counts
     * orders that reached their terminal status in that time, whenever sent. An accepted order that never
     * finished counts in the percentiles as slower than any that did.
     */
    Stretch stretch(double fromSeconds, double seconds) {
        long from = startNanos + (long) (fromSeconds * 1e9);
        long to = from + (long) (seconds * 1e9);
        long offered = 0;
        long accepted = 0;
        long refused = 0;
        long unfinished = 0;
        long completed = 0;
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
        for (TrackedOrder order : orders) {
            if (order.terminal() && order.terminalNanos >= from && order.terminalNanos < to) {
                completed++;
            }
            if (order.intendedNanos < from || order.intendedNanos >= to) {
                continue;
            }
            offered++;
            if (order.refused) {
                refused++;
            }
            if (order.accepted()) {
                accepted++;
                long micros = order.terminal() ? Math.max(0, order.latencyMicros()) : latency.getHighestTrackableValue();
                if (!order.terminal()) {
                    unfinished++;
                }
                latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
            }
        }
        return new Stretch(fromSeconds, seconds, offered, accepted, refused, completed, unfinished,
                latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1000.0,
                latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0);
    }

    /** Consecutive stretches of {@code bucketSeconds} covering {@code seconds} from {@code fromSeconds}. */
    List<Stretch> buckets(double fromSeconds, int seconds, int bucketSeconds) {
        List<Stretch> buckets = new ArrayList<>();
        for (int offset = 0; offset < seconds; offset += bucketSeconds) {
            buckets.add(stretch(fromSeconds + offset, Math.min(bucketSeconds, seconds - offset)));
        }
        return buckets;
    }

    /**
     * Seconds from the first bucket's start to the start of the first bucket from which on every bucket's accepted
     * orders finished with p99 at most {@code normalP99Ms}; a bucket in which nothing was accepted is not normal.
     * Empty when the last bucket is not normal either.
     */
    static OptionalDouble recoverySeconds(List<Stretch> buckets, double normalP99Ms) {
        int first = buckets.size();
        for (int i = buckets.size() - 1; i >= 0; i--) {
            Stretch bucket = buckets.get(i);
            if (bucket.accepted() == 0 || !(bucket.p99() <= normalP99Ms)) {
                break;
            }
            first = i;
        }
        return first == buckets.size() ? OptionalDouble.empty()
                : OptionalDouble.of(buckets.get(first).fromSeconds() - buckets.get(0).fromSeconds());
    }

    /**
     * Seconds from the first bucket's start to the end of the first bucket from which on every bucket's goodput was
     * at least {@code fraction} of {@code offeredPerSecond}. Empty when the last bucket fell short too.
     */
    static OptionalDouble reachedSeconds(List<Stretch> buckets, double offeredPerSecond, double fraction) {
        int first = buckets.size();
        for (int i = buckets.size() - 1; i >= 0; i--) {
            if (buckets.get(i).goodput() < offeredPerSecond * fraction) {
                break;
            }
            first = i;
        }
        if (first == buckets.size()) {
            return OptionalDouble.empty();
        }
        Stretch reached = buckets.get(first);
        return OptionalDouble.of(reached.fromSeconds() + reached.seconds() - buckets.get(0).fromSeconds());
    }
}
