package io.sagaengine.engine;

/** Where a saga stands as a whole. */
public enum SagaStatus {
    /** Running its steps forward. */
    RUNNING,
    /** Every step succeeded. */
    COMPLETED,
    /** A step failed or timed out; undoing the steps already done. */
    COMPENSATING,
    /** Every step that may have had an effect was undone. */
    COMPENSATED,
    /** Parked: nothing happens until support staff act (or the reply it waits for arrives late). */
    NEEDS_ATTENTION;

    public boolean isTerminal() {
        return this == COMPLETED || this == COMPENSATED;
    }
}
