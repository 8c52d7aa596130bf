package io.sagaengine.contracts.payment;

import io.sagaengine.contracts.Command;
import io.sagaengine.contracts.common.OrderMessage;

public sealed interface PaymentCommand extends Command, OrderMessage permits ChargePayment, RefundPayment {
}
