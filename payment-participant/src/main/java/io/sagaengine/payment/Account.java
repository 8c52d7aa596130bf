package io.sagaengine.payment;

import java.math.BigDecimal;

/** A customer's credit account: {@code available = creditLimit - charged}, in one currency. */
record Account(String customerId, BigDecimal creditLimit, BigDecimal charged, String currency) {

    BigDecimal available() {
        return creditLimit.subtract(charged);
    }
}
