package io.sagaengine.inventory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Repository
class ReservationRepository {

    private static final RowMapper<Reservation> ROW = (rs, i) -> new Reservation(
            rs.getObject("request_id", UUID.class), rs.getString("order_id"),
            ReservationStatus.valueOf(rs.getString("status")), rs.getString("reason"), strings(rs.getArray("skus")),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("released_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    ReservationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Reservation> find(UUID requestId) {
        return jdbc.query("SELECT * FROM reservation WHERE request_id = ?", ROW, requestId).stream().findFirst();
    }

    /** Reads and locks the row until the transaction ends. */
    Optional<Reservation> lock(UUID requestId) {
        return jdbc.query("SELECT * FROM reservation WHERE request_id = ? FOR UPDATE", ROW, requestId).stream()
                .findFirst();
    }

    boolean hasActiveReservationOtherThan(String orderId, UUID requestId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM reservation WHERE order_id = ? AND status = 'RESERVED' AND request_id <> ?)""",
                Boolean.class, orderId, requestId));
    }

    /**
     * Records the outcome of a requestId seen for the first time.
     *
     * @return false if a row for the requestId exists already (written by a concurrent transaction); nothing is written
     */
    boolean insert(UUID requestId, String orderId, ReservationStatus status, String reason, List<String> skus) {
        return jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO reservation (request_id, order_id, status, reason, skus) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (request_id) DO NOTHING""");
            ps.setObject(1, requestId);
            ps.setString(2, orderId);
            ps.setString(3, status.name());
            ps.setString(4, reason);
            ps.setArray(5, con.createArrayOf("varchar", skus.toArray()));
            return ps;
        }) == 1;
    }

    void insertLines(UUID requestId, Map<String, Integer> quantities) {
        jdbc.batchUpdate("INSERT INTO reservation_line (request_id, sku, quantity) VALUES (?, ?, ?)",
                quantities.entrySet().stream().map(e -> new Object[]{requestId, e.getKey(), e.getValue()}).toList());
    }

    List<Reservation.Line> lines(UUID requestId) {
        return jdbc.query("SELECT sku, quantity FROM reservation_line WHERE request_id = ? ORDER BY sku",
                (rs, i) -> new Reservation.Line(rs.getString("sku"), rs.getInt("quantity")), requestId);
    }

    void markReleased(UUID requestId) {
        jdbc.update("UPDATE reservation SET status = 'RELEASED', released_at = now() WHERE request_id = ?", requestId);
    }

    List<Reservation> byOrder(String orderId) {
        return jdbc.query("SELECT * FROM reservation WHERE order_id = ? ORDER BY created_at, request_id", ROW, orderId);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
