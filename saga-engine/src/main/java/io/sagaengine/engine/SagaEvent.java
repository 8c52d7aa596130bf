package io.sagaengine.engine;

/** The inputs of a saga's state machine. */
public enum SagaEvent {
    /** The saga begins with its first step. */
    START,
    /** The step in flight got its success reply. */
    STEP_SUCCEEDED,
    /** The step in flight got a failure reply. */
    STEP_FAILED,
    /** The step in flight spent its retry budget without a reply. */
    STEP_TIMED_OUT,
    /** The compensation in flight got its reply. */
    COMPENSATED,
    /** The compensation in flight spent its retry budget without a reply. */
    COMPENSATION_FAILED,
    /** An input could not be handled; the saga waits for support staff. */
    PARK,
    /** Support staff: send the command in flight again, with a fresh retry budget. */
    OPERATOR_RETRY,
    /** Support staff: leave NEEDS_ATTENTION and wait again for the command in flight, with a fresh retry budget. */
    OPERATOR_RESUME,
    /** Support staff: give up going forward and compensate, the step in flight included. */
    OPERATOR_COMPENSATE,
    /**
     * Support staff: stop the saga where it is (no command sent, no deadline fired, replies kept). Not an input of
     * the state machine: the saga keeps its status and state, and is marked paused.
     */
    OPERATOR_PAUSE,
    /** Support staff: lift a pause; the replies kept meanwhile are applied, in the order they came. */
    OPERATOR_UNPAUSE
}
