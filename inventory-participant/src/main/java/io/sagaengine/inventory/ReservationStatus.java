package io.sagaengine.inventory;

/** The recorded outcome of one requestId. */
enum ReservationStatus {
    RESERVED,
    RELEASED,
    UNAVAILABLE,
    /** The release arrived before any reservation: a late reservation for this requestId must not be made. */
    COMPENSATED_BEFORE_EXECUTION
}
