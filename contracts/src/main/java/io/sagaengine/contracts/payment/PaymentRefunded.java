package io.sagaengine.contracts.payment;

import java.util.UUID;

public record PaymentRefunded(UUID requestId, String orderId) implements PaymentReply {
}
