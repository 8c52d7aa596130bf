package io.sagaengine.payment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;

@RestController
@Validated
@Tag(name = "accounts", description = "Customers' credit")
class AccountController {

    static final String CUSTOMER_ID = "[A-Za-z0-9._-]{1,64}";

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/accounts/{customerId}")
    @Operation(summary = "A customer's credit limit, net charged amount and currency")
    AccountView get(@PathVariable @Pattern(regexp = CUSTOMER_ID) String customerId) {
        return AccountView.of(accounts.get(customerId));
    }

    @PutMapping("/accounts/{customerId}")
    @Operation(summary = "Create a customer's account or set its credit limit (OPERATOR)")
    AccountView put(@PathVariable @Pattern(regexp = CUSTOMER_ID) String customerId,
                    @Valid @RequestBody SetAccount request) {
        return AccountView.of(accounts.set(customerId, request.creditLimit(), request.currency()));
    }

    /**
     * @param creditLimit at least 0, at most two decimals, as a string ("500.00") or a number
     * @param currency    ISO 4217; optional: a new account gets the default currency, an existing one keeps its own
     */
    record SetAccount(
            @NotNull @DecimalMin("0.00") @Digits(integer = 17, fraction = 2) BigDecimal creditLimit,
            @Pattern(regexp = "[A-Za-z]{3}") String currency) {
    }

    record AccountView(String customerId, String creditLimit, String charged, String available, String currency) {

        static AccountView of(Account a) {
            return new AccountView(a.customerId(), Money.format(a.creditLimit()), Money.format(a.charged()),
                    Money.format(a.available()), a.currency());
        }
    }
}
