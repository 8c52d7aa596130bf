package io.sagaengine.service.participant.requests;

/** What became of one requestId, as recorded in the {@code participant_request} table. */
public enum RequestState {
    /** Only ever seen inside the transaction that is running the forward command. */
    EXECUTING,
    /** The forward command ran; its outcome is recorded. */
    EXECUTED,
    /** The forward command ran, then its compensation ran. */
    COMPENSATED,
    /** The compensation came first; a late forward command is answered without running. */
    COMPENSATED_BEFORE_EXECUTION
}
