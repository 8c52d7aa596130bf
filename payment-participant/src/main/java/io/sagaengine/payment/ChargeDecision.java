package io.sagaengine.payment;

import java.math.BigDecimal;

/** Whether a charge may be applied to an account, and if not, why. */
record ChargeDecision(boolean approved, String reason) {

    static final String INSUFFICIENT_CREDIT = io.sagaengine.contracts.payment.PaymentDeclined.INSUFFICIENT_CREDIT;
    static final String CURRENCY_MISMATCH = "CURRENCY_MISMATCH";
    static final String INVALID_AMOUNT = "INVALID_AMOUNT";

    private static final ChargeDecision APPROVED = new ChargeDecision(true, null);

    static ChargeDecision decide(Account account, BigDecimal amount, String currency) {
        if (amount == null || !Money.isValidAmount(amount)) {
            return declined(INVALID_AMOUNT);
        }
        if (!account.currency().equalsIgnoreCase(currency)) {
            return declined(CURRENCY_MISMATCH);
        }
        if (account.available().compareTo(amount) < 0) {
            return declined(INSUFFICIENT_CREDIT);
        }
        return APPROVED;
    }

    private static ChargeDecision declined(String reason) {
        return new ChargeDecision(false, reason);
    }
}
