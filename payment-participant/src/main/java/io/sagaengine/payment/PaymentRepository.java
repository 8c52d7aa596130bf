package io.sagaengine.payment;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class PaymentRepository {

    private static final RowMapper<Payment> ROW = (rs, i) -> new Payment(
            rs.getObject("request_id", UUID.class), rs.getString("order_id"), rs.getString("customer_id"),
            rs.getBigDecimal("amount"), rs.getString("currency"), PaymentStatus.valueOf(rs.getString("status")),
            rs.getObject("charge_id", UUID.class), rs.getString("reason"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("charged_at", OffsetDateTime.class),
            rs.getObject("refunded_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    PaymentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Payment> find(UUID requestId) {
        return jdbc.query("SELECT * FROM payment WHERE request_id = ?", ROW, requestId).stream().findFirst();
    }

    /** Reads and locks the row until the transaction ends. */
    Optional<Payment> lock(UUID requestId) {
        return jdbc.query("SELECT * FROM payment WHERE request_id = ? FOR UPDATE", ROW, requestId).stream().findFirst();
    }

    boolean hasActiveChargeOtherThan(String orderId, UUID requestId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM payment WHERE order_id = ? AND status = 'CHARGED' AND request_id <> ?)""",
                Boolean.class, orderId, requestId));
    }

    /**
     * Records the outcome of a requestId seen for the first time.
     *
     * @return false if a row for the requestId exists already (written by a concurrent transaction); nothing is written
     */
    boolean insert(Payment p) {
        return jdbc.update("""
                INSERT INTO payment (request_id, order_id, customer_id, amount, currency, status, charge_id, reason,
                                     charged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (request_id) DO NOTHING""",
                p.requestId(), p.orderId(), p.customerId(), p.amount(), p.currency(), p.status().name(), p.chargeId(),
                p.reason(), p.chargedAt()) == 1;
    }

    void markRefunded(UUID requestId) {
        jdbc.update("UPDATE payment SET status = 'REFUNDED', refunded_at = now() WHERE request_id = ?", requestId);
    }

    List<Payment> byOrder(String orderId) {
        return jdbc.query("SELECT * FROM payment WHERE order_id = ? ORDER BY created_at, request_id", ROW, orderId);
    }
}
