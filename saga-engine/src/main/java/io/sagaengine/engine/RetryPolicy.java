package io.sagaengine.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a command is sent before its step gives up, and how the wait grows between sends.
 *
 * <p>The first send waits one deadline for its reply. Each later send {@code n} (2, 3, ...) waits one deadline
 * plus a backoff of {@code min(maxBackoff, initialBackoff * multiplier^(n-2))}, shortened by a random part of up
 * to {@code jitter} of itself so that sagas that timed out together do not re-send together.
 *
 * @param maxAttempts    sends in total, the first included; at least 1
 * @param initialBackoff the backoff added before the second send's deadline
 * @param maxBackoff     the largest backoff
 * @param multiplier     growth of the backoff per send; at least 1
 * @param jitter         share of the backoff that is random, from 0 (none) to 1 (full jitter)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                          double jitter) {

    public static final double DEFAULT_JITTER = 0.5;

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, was " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
    }

    /** {@code maxAttempts} sends, the backoff doubling from {@code initialBackoff} up to {@code maxBackoff}, with jitter. */
    public static RetryPolicy exponential(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, 2.0, DEFAULT_JITTER);
    }

    /** A single send: when its deadline passes, the step has failed. */
    public static RetryPolicy once() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0);
    }

    public RetryPolicy withJitter(double jitter) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
    }

    public RetryPolicy withMultiplier(double multiplier) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter);
    }

    /**
     * The backoff added to the deadline of send number {@code attempt} (2 or more).
     *
     * @param random a value in [0, 1) that picks the jitter
     */
    public Duration backoffBefore(int attempt, double random) {
        if (attempt < 2) {
            return Duration.ZERO;
        }
        double base = initialBackoff.toNanos() * Math.pow(multiplier, attempt - 2);
        double capped = Math.min(base, maxBackoff.toNanos());
        double jittered = capped * (1.0 - jitter * Math.min(Math.max(random, 0.0), 1.0));
        return Duration.ofNanos((long) jittered);
    }
}
