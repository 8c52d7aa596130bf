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
            rs.getBigDecimal("amount"), rs.getString("currency"), rs.getObject("charge_id", UUID.class),
            rs.getObject("charged_at", OffsetDateTime.class), rs.getObject("refunded_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    PaymentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Payment> find(UUID requestId) {
        return jdbc.query("SELECT * FROM payment WHERE request_id = ?", ROW, requestId).stream().findFirst();
    }

    boolean hasChargeInForce(String orderId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM payment WHERE order_id = ? AND refunded_at IS NULL)",
                Boolean.class, orderId));
    }

    void insert(Payment p) {
        jdbc.update("""
                INSERT INTO payment (request_id, order_id, customer_id, amount, currency, charge_id, charged_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                p.requestId(), p.orderId(), p.customerId(), p.amount(), p.currency(), p.chargeId(), p.chargedAt());
    }

    void markRefunded(UUID requestId) {
        jdbc.update("UPDATE payment SET refunded_at = now() WHERE request_id = ?", requestId);
    }

    List<Payment> byOrder(String orderId) {
        return jdbc.query("SELECT * FROM payment WHERE order_id = ?", ROW, orderId);
    }
}
