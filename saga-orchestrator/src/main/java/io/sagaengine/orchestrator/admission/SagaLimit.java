package io.sagaengine.orchestrator.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * How many order sagas this instance may have admitted and not yet seen finish, adapted to how long they take.
 *
 * <p>Each admitted saga is timed from its admission until it is reported finished (or dropped as too old). Every
 * {@link #adjust()} compares the 90th percentile of the latencies measured since the last adjustment with the
 * target: above it, the limit shrinks in proportion (by at most a fifth) and does not shrink again until sagas
 * admitted after that decrease report back, since earlier ones were admitted under the old limit; below it, while
 * the limit is actually used, the limit grows by a share of the headroom. By Little's law the limit settles where
 * the sagas in flight take the target latency to finish: capacity times target latency.
 *
 * <p>The limit learns only from sagas that finish, and grows only while sagas on time fill it. When a participant,
 * the broker or a relay is down, the sagas waiting for it neither report nor count as use: the limit holds where it
 * was, since an outage says nothing about how many sagas this instance can carry, and a limit driven to its floor by
 * one would refuse orders long after it ended. Orders beyond the held limit are still refused (see
 * {@link #stalled()}), so an outage queues at most a limit's worth of sagas; when they finish late after it, the
 * limit shrinks once, by a fifth at most. Overload that keeps sagas from finishing shows in the hard signals
 * ({@link OverloadSignals}).
 */
final class SagaLimit {

    /** The tuning of the limit; see {@link AdmissionProperties}. */
    record Settings(Duration targetLatency, int initialLimit, int minLimit, int maxLimit, Duration inFlightTimeout) {
        Settings {
            if (minLimit < 1 || maxLimit < minLimit || initialLimit < minLimit || initialLimit > maxLimit
                    || targetLatency.isNegative() || targetLatency.isZero() || inFlightTimeout.compareTo(targetLatency) <= 0) {
                throw new IllegalArgumentException("orders.admission: 1 <= min-limit <= initial-limit <= max-limit, "
                        + "target-latency > 0 and in-flight-timeout > target-latency required");
            }
        }
    }

    private static final double LARGEST_DECREASE = 0.2;
    private static final double INCREASE_GAIN = 0.1;
    /** The limit only grows while at least this share of it is in use: idle capacity says nothing about latency. */
    private static final double USED_SHARE = 0.75;

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final long target;
    private final Map<UUID, Long> admittedAt = new HashMap<>();
    private final List<long[]> samples = new ArrayList<>(); // {admittedAt, latency}
    private double limit;
    private int reserved;
    private int peakInUse;
    private long lastDecrease;

    SagaLimit(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.target = settings.targetLatency().toNanos();
        this.limit = settings.initialLimit();
        this.lastDecrease = nanoTime.getAsLong();
    }

    /** Holds a place for a saga about to be started; false when the limit is reached. */
    synchronized boolean tryReserve() {
        if (inUse() >= limit()) {
            return false;
        }
        reserved++;
        peakInUse = Math.max(peakInUse, inUse());
        return true;
    }

    /** Gives back a place that started no saga. */
    synchronized void cancel() {
        reserved = Math.max(0, reserved - 1);
    }

    /** The reserved place is taken by this saga, admitted now. */
    synchronized void started(UUID sagaId) {
        reserved = Math.max(0, reserved - 1);
        admittedAt.put(sagaId, nanoTime.getAsLong());
        peakInUse = Math.max(peakInUse, inUse());
    }

    /** The saga finished (or left the flow); unknown sagas, and repeated reports, are ignored. */
    synchronized void finished(UUID sagaId) {
        Long admitted = admittedAt.remove(sagaId);
        if (admitted != null) {
            samples.add(new long[] {admitted, nanoTime.getAsLong() - admitted});
        }
    }

    /**
     * The saga left the flow for a reason that says nothing about how long sagas take (an operator paused it): its
     * place is free and no latency is measured. Unknown sagas, and repeated reports, are ignored.
     */
    synchronized void released(UUID sagaId) {
        admittedAt.remove(sagaId);
    }

    /** The sagas admitted longer ago than {@code age}, for checking whether they finished elsewhere. */
    synchronized List<UUID> admittedBefore(Duration age) {
        long before = nanoTime.getAsLong() - age.toNanos();
        List<UUID> old = new ArrayList<>();
        admittedAt.forEach((id, at) -> {
            if (at - before <= 0) {
                old.add(id);
            }
        });
        return old;
    }

    /**
     * Drops the sagas in flight longer than the timeout, each measured at that age: whatever keeps them (a saga that
     * needs attention, a report that never came) must not hold places forever.
     */
    synchronized int expire() {
        List<UUID> expired = admittedBefore(settings.inFlightTimeout());
        expired.forEach(this::finished);
        return expired.size();
    }

    /** Moves the limit by the latencies measured since the last call. */
    synchronized void adjust() {
        List<Long> latencies = new ArrayList<>(samples.size());
        List<Long> sinceDecrease = new ArrayList<>();
        for (long[] sample : samples) {
            latencies.add(sample[1]);
            if (sample[0] - lastDecrease >= 0) {
                sinceDecrease.add(sample[1]);
            }
        }
        samples.clear();
        int peak = Math.max(peakInUse, inUse());
        peakInUse = inUse();
        int late = late(1);
        if (!sinceDecrease.isEmpty() && p90(sinceDecrease) > target) {
            double ratio = Math.max(1 - LARGEST_DECREASE, (double) target / p90(sinceDecrease));
            limit = Math.max(settings.minLimit(), limit * ratio);
            lastDecrease = nanoTime.getAsLong();
        } else if (!latencies.isEmpty() && p90(latencies) <= target && peak - late >= USED_SHARE * limit()) {
            double headroom = 1 - (double) p90(latencies) / target;
            limit = Math.min(settings.maxLimit(), limit + Math.max(1, limit * INCREASE_GAIN * headroom));
        }
    }

    /** Whether most sagas in flight have stopped moving: more than half of them are older than twice the target. */
    synchronized boolean stalled() {
        return !admittedAt.isEmpty() && 2 * late(2) > admittedAt.size();
    }

    /** The sagas in flight older than so many times the target latency. */
    private int late(int targets) {
        long now = nanoTime.getAsLong();
        int late = 0;
        for (long at : admittedAt.values()) {
            if (now - at > targets * target) {
                late++;
            }
        }
        return late;
    }

    synchronized int limit() {
        return (int) Math.floor(limit);
    }

    /** Sagas admitted and not yet finished, with the places held for sagas being started. */
    synchronized int inUse() {
        return admittedAt.size() + reserved;
    }

    synchronized int inFlight() {
        return admittedAt.size();
    }

    private static long p90(List<Long> values) {
        Collections.sort(values);
        return values.get((int) Math.ceil(values.size() * 0.9) - 1);
    }
}
