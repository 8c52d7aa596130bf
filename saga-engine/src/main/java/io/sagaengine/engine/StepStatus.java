package io.sagaengine.engine;

/** Where one step of a saga stands. */
public enum StepStatus {
    /** Not started. */
    PENDING,
    /** Its command was sent; waiting for the reply. */
    RUNNING,
    SUCCEEDED,
    /** Its participant refused; nothing happened, nothing to undo. */
    FAILED,
    /** No reply within its retry budget; its command may have run, so it is compensated too. */
    TIMED_OUT,
    /** Given up by an operator; its command may have run, so it is compensated too. */
    ABORTED,
    /** Its compensation was sent; waiting for the reply. */
    COMPENSATING,
    COMPENSATED,
    /** No reply to its compensation within the compensation's retry budget: the saga needs attention. */
    COMPENSATION_FAILED
}
