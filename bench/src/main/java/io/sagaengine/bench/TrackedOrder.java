package io.sagaengine.bench;

/** One order of a run, from its intended send time to its terminal status (or its failure). */
final class TrackedOrder {

    final Fixtures.PlannedOrder plan;
    final long intendedNanos;
    volatile String orderId;
    volatile String status;
    volatile String reason;
    volatile long terminalNanos;
    volatile String error;
    /** Refused on {@code POST /orders} ({@code 503} or {@code 429}): nothing stored, not sent again. */
    volatile boolean refused;
    volatile int requests;

    TrackedOrder(Fixtures.PlannedOrder plan, long intendedNanos) {
        this.plan = plan;
        this.intendedNanos = intendedNanos;
    }

    boolean terminal() {
        return terminalNanos != 0;
    }

    boolean finished() {
        return terminal() || error != null || refused;
    }

    /** Answered {@code 202}: the system took it on and must finish it. */
    boolean accepted() {
        return orderId != null;
    }

    long latencyMicros() {
        return (terminalNanos - intendedNanos) / 1000;
    }
}
