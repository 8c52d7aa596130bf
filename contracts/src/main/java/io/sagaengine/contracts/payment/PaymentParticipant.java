package io.sagaengine.contracts.payment;

import io.sagaengine.contracts.Topics;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** The payment participant as the saga sees it: its topics, its messages and how to build its commands. */
public final class PaymentParticipant {

    public static final String NAME = "payment";
    public static final String COMMAND_TOPIC = Topics.PAYMENT_COMMANDS;
    public static final String REPLY_TOPIC = Topics.PAYMENT_REPLIES;

    private static final List<Class<? extends PaymentCommand>> COMMAND_TYPES =
            List.of(ChargePayment.class, RefundPayment.class);
    private static final List<Class<? extends PaymentReply>> REPLY_TYPES =
            List.of(PaymentCharged.class, PaymentDeclined.class, PaymentRefunded.class);

    private PaymentParticipant() {
    }

    public static List<Class<? extends PaymentCommand>> commandTypes() {
        return COMMAND_TYPES;
    }

    public static List<Class<? extends PaymentReply>> replyTypes() {
        return REPLY_TYPES;
    }

    public static ChargePayment charge(UUID requestId, String orderId, String customerId,
                                       BigDecimal amount, String currency) {
        return new ChargePayment(requestId, orderId, customerId, amount, currency);
    }

    /** The compensation of {@code charge}: same requestId, same amount. */
    public static RefundPayment refund(ChargePayment charge) {
        return refund(charge.requestId(), charge.orderId(), charge.customerId(), charge.amount(), charge.currency());
    }

    /** {@code requestId} must be the one of the charge being refunded. */
    public static RefundPayment refund(UUID requestId, String orderId, String customerId,
                                       BigDecimal amount, String currency) {
        return new RefundPayment(requestId, orderId, customerId, amount, currency);
    }
}
