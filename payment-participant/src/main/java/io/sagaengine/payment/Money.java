package io.sagaengine.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts are kept with two decimals and written to JSON as strings such as {@code "19.90"}. */
final class Money {

    static final int SCALE = 2;

    private Money() {
    }

    static String format(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.UNNECESSARY).toPlainString();
    }

    /** An amount as a command asked for it, which may have more decimals than a charge can have. */
    static String formatRequested(BigDecimal amount) {
        return amount.stripTrailingZeros().scale() <= SCALE ? format(amount) : amount.toPlainString();
    }

    /** True for a positive amount with at most two decimals. */
    static boolean isValidAmount(BigDecimal amount) {
        return amount.signum() > 0 && amount.stripTrailingZeros().scale() <= SCALE;
    }
}
