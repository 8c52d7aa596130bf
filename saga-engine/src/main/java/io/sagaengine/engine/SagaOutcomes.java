package io.sagaengine.engine;

/**
 * Outcomes the engine itself gives a saga that did not complete. A step's failure reply gives the outcome the
 * saga definition names for it (e.g. {@code PAYMENT_DECLINED}).
 */
public final class SagaOutcomes {

    /** A step got no reply within its retry budget. */
    public static final String TIMED_OUT = "TIMED_OUT";
    /** Support staff chose to compensate. */
    public static final String CANCELLED_BY_OPERATOR = "CANCELLED_BY_OPERATOR";

    private SagaOutcomes() {
    }
}
