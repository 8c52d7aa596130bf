package io.sagaengine.shipping;

import io.sagaengine.contracts.common.Address;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@Repository
class ShipmentRepository {

    private static final RowMapper<Shipment> ROW = (rs, i) -> new Shipment(
            rs.getObject("request_id", UUID.class), rs.getString("order_id"), rs.getString("tracking_number"),
            new Address(rs.getString("recipient"), rs.getString("line1"), rs.getString("city"),
                    rs.getString("postal_code"), rs.getString("country")),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("cancelled_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    ShipmentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean hasShipmentInForce(String orderId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM shipment WHERE order_id = ? AND cancelled_at IS NULL)",
                Boolean.class, orderId));
    }

    /**
     * Every unique index arbitrates, not only the request id's: a concurrent request scheduling the same order meets
     * this one on the one-shipment-per-order index, and must see a conflict, not an error.
     *
     * @return false if another request scheduled this order meanwhile; nothing is written
     */
    boolean insert(Shipment s) {
        Address a = s.address();
        return jdbc.update("""
                INSERT INTO shipment (request_id, order_id, tracking_number, recipient, line1, city, postal_code,
                                      country)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""",
                s.requestId(), s.orderId(), s.trackingNumber(), a.name(), a.line1(), a.city(), a.postalCode(),
                a.country()) == 1;
    }

    void markCancelled(UUID requestId) {
        jdbc.update("UPDATE shipment SET cancelled_at = now() WHERE request_id = ?", requestId);
    }

    List<Shipment> byOrder(String orderId) {
        return jdbc.query("SELECT * FROM shipment WHERE order_id = ?", ROW, orderId);
    }
}
