package io.sagaengine.payment;

import io.sagaengine.service.problem.ResourceConflictException;
import io.sagaengine.service.problem.ResourceNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.Locale;

/** Reading and setting customers' credit accounts over the API. */
@Service
class AccountService {

    private final AccountRepository accounts;
    private final PaymentProperties properties;

    AccountService(AccountRepository accounts, PaymentProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    Account get(String customerId) {
        return accounts.find(customerId).orElseThrow(() ->
                new ResourceNotFoundException("No account for customer " + customerId));
    }

    /** Creates the account or sets its limit; the currency may change only while nothing is charged. */
    @Transactional
    Account set(String customerId, BigDecimal creditLimit, String currency) {
        String requested = currency == null ? null : currency.toUpperCase(Locale.ROOT);
        Account account = accounts.lockOrCreate(customerId, creditLimit,
                requested == null ? properties.defaultCurrency() : requested);
        String newCurrency = requested == null ? account.currency() : requested;
        if (!newCurrency.equals(account.currency()) && account.charged().signum() != 0) {
            throw new ResourceConflictException("The currency of account " + customerId
                    + " cannot change while it has charges");
        }
        accounts.update(customerId, creditLimit, newCurrency);
        return accounts.find(customerId).orElseThrow();
    }
}
