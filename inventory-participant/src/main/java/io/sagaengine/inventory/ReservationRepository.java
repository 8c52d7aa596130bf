package io.sagaengine.inventory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Repository
class ReservationRepository {

    private static final RowMapper<Reservation> ROW = (rs, i) -> new Reservation(
            rs.getObject("request_id", UUID.class), rs.getString("order_id"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("released_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    ReservationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean hasReservationInForce(String orderId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM reservation WHERE order_id = ? AND released_at IS NULL)",
                Boolean.class, orderId));
    }

    void insert(UUID requestId, String orderId, Map<String, Integer> quantities) {
        jdbc.update("INSERT INTO reservation (request_id, order_id) VALUES (?, ?)", requestId, orderId);
        jdbc.batchUpdate("INSERT INTO reservation_line (request_id, sku, quantity) VALUES (?, ?, ?)",
                quantities.entrySet().stream().map(e -> new Object[]{requestId, e.getKey(), e.getValue()}).toList());
    }

    List<Reservation.Line> lines(UUID requestId) {
        return jdbc.query("SELECT sku, quantity FROM reservation_line WHERE request_id = ? ORDER BY sku",
                (rs, i) -> new Reservation.Line(rs.getString("sku"), rs.getInt("quantity")), requestId);
    }

    void markReleased(UUID requestId) {
        jdbc.update("UPDATE reservation SET released_at = now() WHERE request_id = ?", requestId);
    }

    List<Reservation> byOrder(String orderId) {
        return jdbc.query("SELECT * FROM reservation WHERE order_id = ?", ROW, orderId);
    }
}
