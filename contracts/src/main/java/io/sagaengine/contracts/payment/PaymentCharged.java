package io.sagaengine.contracts.payment;

import java.util.UUID;

public record PaymentCharged(UUID requestId, String orderId, String chargeId) implements PaymentReply {
}
