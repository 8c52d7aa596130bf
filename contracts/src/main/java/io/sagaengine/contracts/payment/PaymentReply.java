package io.sagaengine.contracts.payment;

import io.sagaengine.contracts.Reply;

public sealed interface PaymentReply extends Reply permits PaymentCharged, PaymentDeclined, PaymentRefunded {
}
