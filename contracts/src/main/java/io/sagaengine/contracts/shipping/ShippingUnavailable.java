package io.sagaengine.contracts.shipping;

import java.util.UUID;

public record ShippingUnavailable(UUID requestId, String orderId, String reason) implements ShippingReply {

    public static final String COUNTRY_NOT_SERVED = "COUNTRY_NOT_SERVED";
    /** The cancellation for this requestId arrived first, so the late shipment is not scheduled. */
    public static final String ALREADY_COMPENSATED = "ALREADY_COMPENSATED";
}
