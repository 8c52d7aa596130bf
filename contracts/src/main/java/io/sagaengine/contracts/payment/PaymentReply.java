package io.sagaengine.contracts.payment;

import io.sagaengine.contracts.Reply;
import io.sagaengine.contracts.common.OrderMessage;

public sealed interface PaymentReply extends Reply, OrderMessage permits PaymentCharged, PaymentDeclined, PaymentRefunded {
}
