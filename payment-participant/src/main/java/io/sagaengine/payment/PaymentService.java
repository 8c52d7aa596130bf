package io.sagaengine.payment;

import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.PaymentReply;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.service.participant.requests.ParticipantRequests;
import io.sagaengine.service.participant.requests.Requests;
import org.springframework.stereotype.Service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Charges order totals against customers' credit, and refunds them. {@link Requests} runs each at most once per
 * requestId, inside the command's transaction; a charge locks the customer's account before it decides.
 */
@Service
class PaymentService {

    static final String ORDER_ALREADY_CHARGED = "ORDER_ALREADY_CHARGED";

    private final Requests<ChargeOutcome> requests;
    private final AccountRepository accounts;
    private final PaymentRepository payments;
    private final PaymentProperties properties;

    PaymentService(ParticipantRequests requests, AccountRepository accounts, PaymentRepository payments,
                   PaymentProperties properties) {
        this.requests = requests.of(ChargeOutcome.class);
        this.accounts = accounts;
        this.payments = payments;
        this.properties = properties;
    }

    PaymentReply charge(ChargePayment command) {
        return requests.forward(command, () -> chargeOrDecline(command))
                .reply(outcome -> outcome.reply(command), () -> new PaymentDeclined(command.requestId(),
                        command.orderId(), PaymentDeclined.ALREADY_COMPENSATED));
    }

    PaymentReply refund(RefundPayment command) {
        requests.compensate(command, outcome -> {
            if (outcome instanceof ChargeOutcome.Charged) {
                restoreCredit(payments.find(command.requestId()).orElseThrow());
            }
        });
        return new PaymentRefunded(command.requestId(), command.orderId());
    }

    private ChargeOutcome chargeOrDecline(ChargePayment command) {
        Account account = accounts.lockOrCreate(command.customerId(), properties.defaultCreditLimit(),
                properties.defaultCurrency());
        ChargeDecision decision = payments.hasChargeInForce(command.orderId())
                ? new ChargeDecision(false, ORDER_ALREADY_CHARGED)
                : ChargeDecision.decide(account, command.amount(), command.currency());
        if (!decision.approved()) {
            return new ChargeOutcome.Declined(decision.reason(), command.customerId(), command.amount(),
                    command.currency());
        }
        UUID chargeId = UUID.randomUUID();
        payments.insert(new Payment(command.requestId(), command.orderId(), command.customerId(), command.amount(),
                command.currency(), chargeId, OffsetDateTime.now(ZoneOffset.UTC), null));
        accounts.addCharged(command.customerId(), command.amount());
        return new ChargeOutcome.Charged(chargeId);
    }

    private void restoreCredit(Payment payment) {
        accounts.lockOrCreate(payment.customerId(), properties.defaultCreditLimit(), properties.defaultCurrency());
        accounts.addCharged(payment.customerId(), payment.amount().negate());
        payments.markRefunded(payment.requestId());
    }
}
