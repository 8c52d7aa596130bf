package io.sagaengine.chaos;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the checks read from the services' databases over JDBC. */
final class Databases {

    static final List<String> ALL = List.of("orders", "payment", "inventory", "shipping");

    record OrderRow(String id, String sagaId, String key, String status, String reason, BigDecimal total,
                    String sagaStatus) {
        boolean inFlight() {
            return "PENDING".equals(status) && !"NEEDS_ATTENTION".equals(sagaStatus);
        }
    }

    /**
     * An effect row of a participant (payment, reservation, shipment), one per request id that had an effect;
     * refusals and compensations that came first are only in participant_request.
     */
    record EffectRow(String orderId, String requestId, String status, BigDecimal amount, boolean charged) {
    }

    /** @param position its place among the rows of its saga and topic: created_at, then insertion order */
    record OutboxRow(String database, String id, String topic, String key, String type, long position) {
    }

    private final ChaosStack stack;

    Databases(ChaosStack stack) {
        this.stack = stack;
    }

    /** The orders whose Idempotency-Key starts with {@code prefix}, with their saga's status. */
    List<OrderRow> orders(String prefix) throws SQLException {
        try (Connection c = stack.connect("orders"); PreparedStatement s = c.prepareStatement("""
                SELECT o.id::text, o.saga_id::text, o.idempotency_key, o.status, o.reason, o.total, s.status
                  FROM orders o LEFT JOIN saga_instance s ON s.id = o.saga_id
                 WHERE o.idempotency_key LIKE ?""")) {
            s.setString(1, prefix + "-%");
            List<OrderRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OrderRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBigDecimal(6), rs.getString(7)));
                }
            }
            return rows;
        }
    }

    /** Sagas per order id (the order saga's data carries the order id): two would be two sagas for one order. */
    Map<String, Integer> sagasPerOrder(Collection<String> orderIds) throws SQLException {
        return counts("orders", "SELECT data->>'orderId', count(*) FROM saga_instance WHERE data->>'orderId' = ANY(?) "
                + "GROUP BY 1", orderIds);
    }

    List<EffectRow> payments(Collection<String> orderIds) throws SQLException {
        return effects("payment", "SELECT order_id, request_id::text, "
                + "CASE WHEN refunded_at IS NULL THEN 'CHARGED' ELSE 'REFUNDED' END, amount, charge_id IS NOT NULL "
                + "FROM payment WHERE order_id = ANY(?)", orderIds);
    }

    List<EffectRow> reservations(Collection<String> orderIds) throws SQLException {
        return effects("inventory", "SELECT order_id, request_id::text, "
                + "CASE WHEN released_at IS NULL THEN 'RESERVED' ELSE 'RELEASED' END, NULL, false "
                + "FROM reservation WHERE order_id = ANY(?)", orderIds);
    }

    List<EffectRow> shipments(Collection<String> orderIds) throws SQLException {
        return effects("shipping", "SELECT order_id, request_id::text, "
                + "CASE WHEN cancelled_at IS NULL THEN 'SCHEDULED' ELSE 'CANCELLED' END, NULL, false "
                + "FROM shipment WHERE order_id = ANY(?)", orderIds);
    }

    /** Every outbox row of the four databases whose key (saga id) is one of {@code sagaIds}. */
    List<OutboxRow> outbox(Collection<String> sagaIds) throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        for (String database : ALL) {
            try (Connection c = stack.connect(database); PreparedStatement s = c.prepareStatement("""
                    SELECT id::text, topic, aggregateid, type,
                           row_number() OVER (PARTITION BY aggregateid, topic ORDER BY created_at, ctid)
                      FROM outbox WHERE aggregateid = ANY(?)""")) {
                s.setArray(1, texts(c, sagaIds));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new OutboxRow(database, rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getLong(5)));
                    }
                }
            }
        }
        return rows;
    }

    /**
     * Request ids with more than one effect row, per participant table. The primary keys forbid it; asking
     * anyway keeps the check honest if a schema ever changes.
     */
    List<String> repeatedRequestIds(Collection<String> orderIds) throws SQLException {
        List<String> repeated = new ArrayList<>();
        for (String[] table : new String[][] {{"payment", "payment"}, {"inventory", "reservation"}, {"shipping", "shipment"}}) {
            counts(table[0], "SELECT request_id::text, count(*) FROM " + table[1]
                    + " WHERE order_id = ANY(?) GROUP BY 1 HAVING count(*) > 1", orderIds)
                    .forEach((requestId, n) -> repeated.add(table[1] + " request " + requestId + ": " + n + " rows"));
        }
        return repeated;
    }

    private List<EffectRow> effects(String database, String sql, Collection<String> orderIds) throws SQLException {
        try (Connection c = stack.connect(database); PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, texts(c, orderIds));
            List<EffectRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new EffectRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                            rs.getBoolean(5)));
                }
            }
            return rows;
        }
    }

    private Map<String, Integer> counts(String database, String sql, Collection<String> ids) throws SQLException {
        try (Connection c = stack.connect(database); PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, texts(c, ids));
            Map<String, Integer> counts = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
            return counts;
        }
    }

    private static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }
}
