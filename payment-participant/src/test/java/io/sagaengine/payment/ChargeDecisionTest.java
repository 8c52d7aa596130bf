package io.sagaengine.payment;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class ChargeDecisionTest {

    private final Account account = new Account("alice", new BigDecimal("100.00"), new BigDecimal("60.00"), "EUR");

    @Test
    void approvesUpToTheRemainingCredit() {
        assertThat(ChargeDecision.decide(account, new BigDecimal("40.00"), "EUR").approved()).isTrue();
        assertThat(ChargeDecision.decide(account, new BigDecimal("0.01"), "eur").approved()).isTrue();
    }

    @Test
    void declinesBeyondTheRemainingCredit() {
        ChargeDecision decision = ChargeDecision.decide(account, new BigDecimal("40.01"), "EUR");
        assertThat(decision.approved()).isFalse();
        assertThat(decision.reason()).isEqualTo("INSUFFICIENT_CREDIT");
    }

    @Test
    void declinesAnotherCurrency() {
        assertThat(ChargeDecision.decide(account, new BigDecimal("1.00"), "USD").reason()).isEqualTo("CURRENCY_MISMATCH");
    }

    @Test
    void declinesAmountsThatAreNotPositiveWithTwoDecimals() {
        assertThat(ChargeDecision.decide(account, BigDecimal.ZERO, "EUR").reason()).isEqualTo("INVALID_AMOUNT");
        assertThat(ChargeDecision.decide(account, new BigDecimal("-5"), "EUR").reason()).isEqualTo("INVALID_AMOUNT");
        assertThat(ChargeDecision.decide(account, new BigDecimal("1.001"), "EUR").reason()).isEqualTo("INVALID_AMOUNT");
        assertThat(ChargeDecision.decide(account, new BigDecimal("1.500"), "EUR").approved()).isTrue();
    }

    @Test
    void formatsMoneyWithTwoDecimals() {
        assertThat(Money.format(new BigDecimal("5"))).isEqualTo("5.00");
        assertThat(Money.format(new BigDecimal("1234567.8"))).isEqualTo("1234567.80");
    }
}
