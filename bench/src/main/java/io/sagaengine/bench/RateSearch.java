package io.sagaengine.bench;

import java.util.List;
import java.util.OptionalInt;

/**
 * Which rate {@code --find-max} tries next: up by a fixed step until a rate is not sustained, then halves the gap
 * between the best sustained rate and the lowest failed one. Or the given list of rates, in order, until one fails.
 *
 * <p>The first step runs on services that have just started: the JIT is still compiling and can take a third of
 * the CPU. A first rate that fails is therefore tried once more, after the warm-up that step gave the system, before
 * it counts as failed; otherwise a cold start would end the search far below what the warm system sustains.
 */
final class RateSearch {

    private final int first;
    private final int increment;
    private final List<Integer> rates;
    private final int maxSteps;
    private int steps;
    private Integer best;
    private Integer failed;
    private boolean firstRetried;
    private Integer retry;

    RateSearch(int first, int increment, List<Integer> rates, int maxSteps) {
        this.first = first;
        this.increment = increment;
        this.rates = List.copyOf(rates);
        this.maxSteps = maxSteps;
    }

    /** The next rate to measure, or empty when the search is over. */
    OptionalInt next() {
        if (steps >= maxSteps) {
            return OptionalInt.empty();
        }
        if (retry != null) {
            return OptionalInt.of(retry);
        }
        if (!rates.isEmpty()) {
            return steps - retries() < rates.size() && failed == null
                    ? OptionalInt.of(rates.get(steps - retries())) : OptionalInt.empty();
        }
        if (failed == null) {
            return OptionalInt.of(first + (steps - retries()) * increment);
        }
        int low = best == null ? 0 : best;
        int rate = (low + failed) / 2;
        if (failed - low <= Math.max(5, increment / 4) || rate <= low) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(rate);
    }

    /** True when the rate {@link #next()} gave is a retry of the cold first step. */
    boolean retryingColdStart() {
        return retry != null;
    }

    /** True when the next rate lies between a sustained and a failed one (the system should cool down first). */
    boolean refining() {
        return retry == null && rates.isEmpty() && failed != null;
    }

    void record(int rate, boolean sustained) {
        boolean wasRetry = retry != null;
        retry = null;
        steps++;
        if (sustained) {
            best = best == null ? rate : Math.max(best, rate);
            return;
        }
        if (steps == 1 && !wasRetry) {
            firstRetried = true;
            retry = rate;
            return;
        }
        failed = failed == null ? rate : Math.min(failed, rate);
    }

    private int retries() {
        return firstRetried ? 1 : 0;
    }
}
