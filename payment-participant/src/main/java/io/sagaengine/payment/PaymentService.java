package io.sagaengine.payment;

import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentCharged;
import io.sagaengine.contracts.payment.PaymentDeclined;
import io.sagaengine.contracts.payment.PaymentRefunded;
import io.sagaengine.contracts.payment.PaymentReply;
import io.sagaengine.contracts.payment.RefundPayment;
import org.springframework.stereotype.Service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Charges and refunds, exactly once per requestId. Runs inside the command's transaction.
 *
 * <p>Every requestId gets one row in {@code payment} (primary key), which is both the effect's record and the
 * outcome a re-sent command is answered from. Lock order, so concurrent commands cannot deadlock: a charge locks the
 * account, then inserts its row; a refund locks its row, then the account.
 */
@Service
class PaymentService {

    static final String ORDER_ALREADY_CHARGED = "ORDER_ALREADY_CHARGED";

    private final AccountRepository accounts;
    private final PaymentRepository payments;
    private final PaymentProperties properties;

    PaymentService(AccountRepository accounts, PaymentRepository payments, PaymentProperties properties) {
        this.accounts = accounts;
        this.payments = payments;
        this.properties = properties;
    }

    PaymentReply charge(ChargePayment command) {
        Optional<Payment> recorded = payments.find(command.requestId());
        if (recorded.isPresent()) {
            return replyToCharge(recorded.get());
        }
        Account account = accounts.lockOrCreate(command.customerId(), properties.defaultCreditLimit(),
                properties.defaultCurrency());
        // a concurrent charge of the same requestId held the account lock until it committed
        recorded = payments.find(command.requestId());
        if (recorded.isPresent()) {
            return replyToCharge(recorded.get());
        }
        ChargeDecision decision = payments.hasActiveChargeOtherThan(command.orderId(), command.requestId())
                ? new ChargeDecision(false, ORDER_ALREADY_CHARGED)
                : ChargeDecision.decide(account, command.amount(), command.currency());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Payment payment = decision.approved()
                ? new Payment(command.requestId(), command.orderId(), command.customerId(), command.amount(),
                command.currency(), PaymentStatus.CHARGED, UUID.randomUUID(), null, now, now, null)
                : new Payment(command.requestId(), command.orderId(), command.customerId(), command.amount(),
                command.currency(), PaymentStatus.DECLINED, null, decision.reason(), now, null, null);
        if (!payments.insert(payment)) {
            // the refund of this requestId came first and committed meanwhile
            return replyToCharge(payments.find(command.requestId()).orElseThrow());
        }
        if (decision.approved()) {
            accounts.addCharged(command.customerId(), command.amount());
        }
        return replyToCharge(payment);
    }

    PaymentReply refund(RefundPayment command) {
        Optional<Payment> recorded = payments.lock(command.requestId());
        if (recorded.isEmpty()) {
            Payment marker = new Payment(command.requestId(), command.orderId(), command.customerId(), command.amount(),
                    command.currency(), PaymentStatus.COMPENSATED_BEFORE_EXECUTION, null, null,
                    OffsetDateTime.now(ZoneOffset.UTC), null, null);
            if (payments.insert(marker)) {
                return new PaymentRefunded(command.requestId(), command.orderId());
            }
            // the charge of this requestId committed meanwhile
            recorded = payments.lock(command.requestId());
        }
        Payment payment = recorded.orElseThrow();
        if (payment.status() == PaymentStatus.CHARGED) {
            accounts.lockOrCreate(payment.customerId(), properties.defaultCreditLimit(), properties.defaultCurrency());
            accounts.addCharged(payment.customerId(), payment.amount().negate());
            payments.markRefunded(payment.requestId());
        }
        return new PaymentRefunded(command.requestId(), payment.orderId());
    }

    private static PaymentReply replyToCharge(Payment payment) {
        return switch (payment.status()) {
            case CHARGED, REFUNDED -> new PaymentCharged(payment.requestId(), payment.orderId(),
                    payment.chargeId().toString());
            case DECLINED -> new PaymentDeclined(payment.requestId(), payment.orderId(), payment.reason());
            case COMPENSATED_BEFORE_EXECUTION -> new PaymentDeclined(payment.requestId(), payment.orderId(),
                    PaymentDeclined.ALREADY_COMPENSATED);
        };
    }
}
