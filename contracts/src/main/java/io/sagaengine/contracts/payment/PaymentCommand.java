package io.sagaengine.contracts.payment;

import io.sagaengine.contracts.Command;

public sealed interface PaymentCommand extends Command permits ChargePayment, RefundPayment {
}
