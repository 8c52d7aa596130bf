package io.sagaengine.shipping;

/** The recorded outcome of one requestId. */
enum ShipmentStatus {
    SCHEDULED,
    CANCELLED,
    UNAVAILABLE,
    /** The cancellation arrived before any scheduling: a late ScheduleShipment for this requestId must not ship. */
    COMPENSATED_BEFORE_EXECUTION
}
