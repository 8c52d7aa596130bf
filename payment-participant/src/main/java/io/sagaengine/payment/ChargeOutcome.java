package io.sagaengine.payment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentReply;

import java.math.BigDecimal;
import java.util.UUID;

/** What a charge decided for its requestId, recorded so a re-sent charge gets the same answer. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ChargeOutcome.Charged.class, name = "CHARGED"),
        @JsonSubTypes.Type(value = ChargeOutcome.Declined.class, name = "DECLINED")})
sealed interface ChargeOutcome {

    PaymentReply reply(ChargePayment command);

    /** The amount was charged; the charge itself is the {@code payment} row of the requestId. */
    record Charged(UUID chargeId) implements ChargeOutcome {

        @Override
        public PaymentReply reply(ChargePayment command) {
            return new PaymentCharged(command.requestId(), command.orderId(), chargeId.toString());
        }
    }

    /** Nothing was charged; what was asked is kept for the order's payment history. */
    record Declined(String reason, String customerId, BigDecimal amount, String currency) implements ChargeOutcome {

        @Override
        public PaymentReply reply(ChargePayment command) {
            return new PaymentDeclined(command.requestId(), command.orderId(), reason);
        }
    }
}
