package io.sagaengine.service.participant.requests;

/** What a compensation did. In every case the compensation is done and may be answered as such. */
public enum Compensation {
    /** The forward command had run; its effect was undone now. */
    UNDONE,
    /** An earlier delivery compensated this requestId already (or recorded it before execution); nothing was done. */
    ALREADY_COMPENSATED,
    /** The forward command never ran: that is recorded, so when it comes late it will not run. */
    RECORDED_BEFORE_EXECUTION
}
