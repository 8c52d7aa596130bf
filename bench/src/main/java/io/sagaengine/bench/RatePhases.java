package io.sagaengine.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * An open-loop schedule of consecutive phases, each offering a rate that is constant or ramps linearly from one
 * value to another (a warm-up), e.g. a warm-up to the capacity, twice the capacity, then half of it.
 */
final class RatePhases implements OpenLoopRun.Schedule {

    /** {@code seconds} long, the rate going linearly from {@code fromRate} to {@code toRate} orders/s. */
    record Phase(String name, double fromRate, double toRate, int seconds) {
        Phase {
            if (seconds < 0 || fromRate <= 0 || toRate <= 0) {
                throw new IllegalArgumentException("phase " + name + ": rates > 0 and seconds >= 0 required");
            }
        }

        static Phase constant(String name, double rate, int seconds) {
            return new Phase(name, rate, rate, seconds);
        }

        int orders() {
            return (int) (seconds * (fromRate + toRate) / 2.0);
        }

        /** When order {@code i} of the phase is due, in seconds after the phase's start. */
        double offsetSeconds(int i) {
            double slope = (toRate - fromRate) / seconds;
            return Math.abs(slope) < 1e-12 ? i / fromRate
                    : (-fromRate + Math.sqrt(fromRate * fromRate + 2 * slope * i)) / slope;
        }
    }

    private final List<Phase> phases;
    private final int[] firstOrder;
    private final int total;

    RatePhases(List<Phase> phases) {
        this.phases = List.copyOf(phases);
        this.firstOrder = new int[phases.size()];
        int sum = 0;
        for (int p = 0; p < phases.size(); p++) {
            firstOrder[p] = sum;
            sum += phases.get(p).orders();
        }
        this.total = sum;
    }

    List<Phase> phases() {
        return phases;
    }

    @Override
    public int total() {
        return total;
    }

    /** Where phase {@code name} starts, in seconds after the first send. */
    int startSeconds(String name) {
        int seconds = 0;
        for (Phase phase : phases) {
            if (phase.name().equals(name)) {
                return seconds;
            }
            seconds += phase.seconds();
        }
        throw new IllegalArgumentException("no phase " + name);
    }

    Phase phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no phase " + name));
    }

    int seconds() {
        return phases.stream().mapToInt(Phase::seconds).sum();
    }

    @Override
    public long sendOffsetNanos(int i) {
        if (i >= total) {
            return seconds() * 1_000_000_000L;
        }
        int p = phases.size() - 1;
        while (firstOrder[p] > i || phases.get(p).orders() == 0) {
            p--;
        }
        long phaseStart = 0;
        for (int q = 0; q < p; q++) {
            phaseStart += phases.get(q).seconds() * 1_000_000_000L;
        }
        return phaseStart + (long) (phases.get(p).offsetSeconds(i - firstOrder[p]) * 1e9);
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Phase phase : phases) {
            parts.add(phase.fromRate() == phase.toRate()
                    ? String.format("%s %.1f/s for %d s", phase.name(), phase.fromRate(), phase.seconds())
                    : String.format("%s %.1f->%.1f/s for %d s", phase.name(), phase.fromRate(), phase.toRate(),
                    phase.seconds()));
        }
        return String.join(", ", parts);
    }
}
