package io.sagaengine.payment;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;

/**
 * Settings of the payment participant ({@code payment.*}).
 *
 * @param defaultCreditLimit the credit limit of a customer seen for the first time
 * @param defaultCurrency    the currency of a customer's account created by a first charge
 */
@ConfigurationProperties("payment")
record PaymentProperties(
        @DefaultValue("1000.00") BigDecimal defaultCreditLimit,
        @DefaultValue("EUR") String defaultCurrency) {
}
