package io.sagaengine.service.participant.requests;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code participant_request} table. Every method runs in the caller's transaction. The business key is stored
 * in the column {@code order_id}, named when the order flow was the only one.
 */
final class RequestTable {

    /** A row as stored; {@code outcome} is JSON. */
    record Row(UUID requestId, String businessKey, RequestState state, String outcome, OffsetDateTime createdAt,
               OffsetDateTime executedAt, OffsetDateTime compensatedAt) {
    }

    private static final RowMapper<Row> ROW = (rs, i) -> new Row(rs.getObject("request_id", UUID.class),
            rs.getString("order_id"), RequestState.valueOf(rs.getString("state")), rs.getString("outcome"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("executed_at", OffsetDateTime.class),
            rs.getObject("compensated_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    RequestTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the row as EXECUTING. If another transaction inserted it and has not ended yet, waits for it.
     *
     * @return true if this transaction now owns the requestId; false if it was recorded before
     */
    boolean claim(UUID requestId, String businessKey) {
        return jdbc.update("""
                INSERT INTO participant_request (request_id, order_id, state) VALUES (?, ?, 'EXECUTING')
                ON CONFLICT (request_id) DO NOTHING""", requestId, businessKey) == 1;
    }

    void recordExecuted(UUID requestId, String outcome) {
        int updated = jdbc.update("""
                UPDATE participant_request SET state = 'EXECUTED', outcome = ?::jsonb, executed_at = now()
                WHERE request_id = ? AND state = 'EXECUTING'""", outcome, requestId);
        if (updated != 1) {
            throw new IllegalStateException("request " + requestId + " was not claimed by this transaction");
        }
    }

    /**
     * Inserts the marker of a compensation that came before its forward command. If another transaction inserted
     * the row and has not ended yet, waits for it.
     *
     * @return false if the requestId was recorded before
     */
    boolean recordCompensatedBeforeExecution(UUID requestId, String businessKey) {
        return jdbc.update("""
                INSERT INTO participant_request (request_id, order_id, state, compensated_at)
                VALUES (?, ?, 'COMPENSATED_BEFORE_EXECUTION', now())
                ON CONFLICT (request_id) DO NOTHING""", requestId, businessKey) == 1;
    }

    void recordCompensated(UUID requestId) {
        jdbc.update("""
                UPDATE participant_request SET state = 'COMPENSATED', compensated_at = now()
                WHERE request_id = ? AND state = 'EXECUTED'""", requestId);
    }

    Optional<Row> find(UUID requestId) {
        return jdbc.query("SELECT * FROM participant_request WHERE request_id = ?", ROW, requestId).stream()
                .findFirst();
    }

    /** Reads the row and locks it until the transaction ends. */
    Optional<Row> lock(UUID requestId) {
        return jdbc.query("SELECT * FROM participant_request WHERE request_id = ? FOR UPDATE", ROW, requestId)
                .stream().findFirst();
    }

    List<Row> byKey(String businessKey) {
        return jdbc.query("SELECT * FROM participant_request WHERE order_id = ? ORDER BY created_at, request_id",
                ROW, businessKey);
    }
}
