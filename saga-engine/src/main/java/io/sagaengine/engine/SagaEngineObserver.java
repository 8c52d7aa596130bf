package io.sagaengine.engine;

import java.time.Duration;

/**
 * Told what the engine did, once it is committed: for metrics and the like. Beans of this type are picked up
 * by the engine. Calls come from the threads that handle inputs, after their transaction committed, so an
 * observer must be quick; whatever it throws is logged and otherwise ignored.
 */
public interface SagaEngineObserver {

    /** How a step's phase ended when its reply was applied. */
    enum StepResult {
        /** The forward command's success reply. */
        SUCCEEDED,
        /** The forward command's failure reply. */
        FAILED,
        /** The compensation's reply. */
        COMPENSATED
    }

    /** Why a saga came to need attention. */
    enum AttentionCause {
        /** Its compensation got no reply within its retry budget. */
        COMPENSATION_FAILED,
        /** An input could not be handled (e.g. a reply whose handling kept failing); the saga was parked. */
        PARKED
    }

    /** Why a saga was paused. */
    enum PauseCause {
        /** Support staff paused it. */
        OPERATOR,
        /** A step configured to pause when its retries run out got no reply within its retry budget. */
        RETRIES_EXHAUSTED
    }

    default void sagaStarted(String sagaType) {
    }

    /** The saga ended COMPLETED, or COMPENSATED with {@code outcome} (why it did not complete). */
    default void sagaEnded(String sagaType, SagaStatus status, String outcome) {
    }

    default void sagaNeedsAttention(String sagaType, AttentionCause cause) {
    }

    default void sagaPaused(String sagaType, PauseCause cause) {
    }

    default void sagaUnpaused(String sagaType) {
    }

    /**
     * A step's command (or, with {@code compensation}, its compensation) was sent.
     *
     * @param attempt the send's number in its phase: 2 and more are re-sends after a passed deadline
     */
    default void commandSent(String sagaType, String step, boolean compensation, int attempt) {
    }

    /**
     * A reply moved the saga on.
     *
     * @param latency from the phase's first send (or an operator's retry) to the reply being applied; null when
     *                not known
     */
    default void replyApplied(String sagaType, String step, StepResult result, Duration latency) {
    }

    /**
     * Finished sagas of this type, with their history, were deleted by the retention purge (one call per type
     * and batch).
     */
    default void sagasPurged(String sagaType, int count) {
    }

    /**
     * Records of replies that named no saga, older than {@code saga.engine.retention.unmatched-replies}, were deleted
     * (one call per batch).
     */
    default void unmatchedRepliesPurged(int count) {
    }
}
