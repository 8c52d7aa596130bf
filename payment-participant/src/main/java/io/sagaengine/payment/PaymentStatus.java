package io.sagaengine.payment;

/** The recorded outcome of one requestId. */
enum PaymentStatus {
    CHARGED,
    DECLINED,
    REFUNDED,
    /** The refund arrived before any charge: a late charge for this requestId must not be applied. */
    COMPENSATED_BEFORE_EXECUTION
}
