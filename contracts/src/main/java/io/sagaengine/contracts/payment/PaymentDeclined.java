package io.sagaengine.contracts.payment;

import java.util.UUID;

public record PaymentDeclined(UUID requestId, String orderId, String reason) implements PaymentReply {

    public static final String INSUFFICIENT_CREDIT = "INSUFFICIENT_CREDIT";
    /** The refund for this requestId arrived first, so the late charge is not applied. */
    public static final String ALREADY_COMPENSATED = "ALREADY_COMPENSATED";
}
