package io.sagaengine.outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Types;
import java.util.List;
import java.util.UUID;

/**
 * Inserts outbox rows and, by default, deletes them again in the same transaction: the relay reads the
 * insert from the WAL, so the table never grows and needs no clean-up job.
 */
final class JdbcOutbox implements Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, schema_version, saga_id,
                                causation_id, traceparent)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""";

    private final JdbcTemplate jdbc;
    private final boolean keepRows;

    JdbcOutbox(JdbcTemplate jdbc, boolean keepRows) {
        this.jdbc = jdbc;
        this.keepRows = keepRows;
    }

    @Override
    public void append(OutboxMessage m) {
        requireTransaction();
        jdbc.update(INSERT, ps -> bind(ps, m));
        if (!keepRows) {
            jdbc.update("DELETE FROM outbox WHERE id = ?", m.id());
        }
    }

    @Override
    public void appendAll(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        if (messages.size() == 1) {
            append(messages.get(0));
            return;
        }
        requireTransaction();
        jdbc.batchUpdate(INSERT, messages, messages.size(), JdbcOutbox::bind);
        if (!keepRows) {
            UUID[] ids = messages.stream().map(OutboxMessage::id).toArray(UUID[]::new);
            jdbc.update(con -> {
                var ps = con.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)");
                ps.setArray(1, con.createArrayOf("uuid", ids));
                return ps;
            });
        }
    }

    private static void bind(java.sql.PreparedStatement ps, OutboxMessage m) throws java.sql.SQLException {
        ps.setObject(1, m.id());
        ps.setString(2, m.aggregateType());
        ps.setString(3, m.aggregateId());
        ps.setString(4, m.type());
        ps.setString(5, m.topic());
        ps.setString(6, m.payload());
        ps.setInt(7, m.schemaVersion());
        ps.setString(8, m.sagaId());
        if (m.causationId() == null) {
            ps.setNull(9, Types.OTHER);
        } else {
            ps.setObject(9, m.causationId());
        }
        ps.setString(10, m.traceparent());
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalTransactionStateException(
                    "Outbox.append must run inside the transaction of the state change it announces");
        }
    }
}
