package io.sagaengine.shipping;

import io.sagaengine.contracts.common.Address;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class ShipmentRepository {

    private static final RowMapper<Shipment> ROW = (rs, i) -> new Shipment(
            rs.getObject("request_id", UUID.class), rs.getString("order_id"),
            ShipmentStatus.valueOf(rs.getString("status")), rs.getString("tracking_number"), rs.getString("reason"),
            rs.getString("country") == null && rs.getString("city") == null ? null
                    : new Address(rs.getString("recipient"), rs.getString("line1"), rs.getString("city"),
                    rs.getString("postal_code"), rs.getString("country")),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("cancelled_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    ShipmentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Shipment> find(UUID requestId) {
        return jdbc.query("SELECT * FROM shipment WHERE request_id = ?", ROW, requestId).stream().findFirst();
    }

    /** Reads and locks the row until the transaction ends. */
    Optional<Shipment> lock(UUID requestId) {
        return jdbc.query("SELECT * FROM shipment WHERE request_id = ? FOR UPDATE", ROW, requestId).stream().findFirst();
    }

    boolean hasScheduledShipmentOtherThan(String orderId, UUID requestId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM shipment WHERE order_id = ? AND status = 'SCHEDULED' AND request_id <> ?)""",
                Boolean.class, orderId, requestId));
    }

    /**
     * Records the outcome of a requestId seen for the first time.
     *
     * <p>Every unique index arbitrates, not only the request id's: two concurrent inserts for the same request also
     * meet on the one-scheduled-shipment-per-order index, and the second must see a conflict, not an error.
     *
     * @return false if a conflicting row exists already (written by a concurrent transaction); nothing is written
     */
    boolean insert(Shipment s) {
        Address a = s.address();
        return jdbc.update("""
                INSERT INTO shipment (request_id, order_id, status, tracking_number, reason, recipient, line1, city,
                                      postal_code, country)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                s.requestId(), s.orderId(), s.status().name(), s.trackingNumber(), s.reason(),
                a == null ? null : a.name(), a == null ? null : a.line1(), a == null ? null : a.city(),
                a == null ? null : a.postalCode(), a == null ? null : a.country()) == 1;
    }

    void markCancelled(UUID requestId) {
        jdbc.update("UPDATE shipment SET status = 'CANCELLED', cancelled_at = now() WHERE request_id = ?", requestId);
    }

    List<Shipment> byOrder(String orderId) {
        return jdbc.query("SELECT * FROM shipment WHERE order_id = ? ORDER BY created_at, request_id", ROW, orderId);
    }
}
