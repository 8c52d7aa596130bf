package io.sagaengine.payment;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.util.Optional;

@Repository
class AccountRepository {

    private static final RowMapper<Account> ROW = (rs, i) -> new Account(rs.getString("customer_id"),
            rs.getBigDecimal("credit_limit"), rs.getBigDecimal("charged"), rs.getString("currency"));

    private final JdbcTemplate jdbc;

    AccountRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Account> find(String customerId) {
        return jdbc.query("SELECT * FROM account WHERE customer_id = ?", ROW, customerId).stream().findFirst();
    }

    /** Locks the account row until the transaction ends, creating it with the given defaults if it is missing. */
    Account lockOrCreate(String customerId, BigDecimal creditLimit, String currency) {
        jdbc.update("""
                INSERT INTO account (customer_id, credit_limit, currency) VALUES (?, ?, ?)
                ON CONFLICT (customer_id) DO NOTHING""", customerId, creditLimit, currency);
        return jdbc.queryForObject("SELECT * FROM account WHERE customer_id = ? FOR UPDATE", ROW, customerId);
    }

    void addCharged(String customerId, BigDecimal amount) {
        jdbc.update("UPDATE account SET charged = charged + ?, updated_at = now() WHERE customer_id = ?",
                amount, customerId);
    }

    void update(String customerId, BigDecimal creditLimit, String currency) {
        jdbc.update("UPDATE account SET credit_limit = ?, currency = ?, updated_at = now() WHERE customer_id = ?",
                creditLimit, currency, customerId);
    }
}
