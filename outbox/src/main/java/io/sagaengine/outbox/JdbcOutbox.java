package io.sagaengine.outbox;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Inserts outbox rows and, by default, deletes them again in the same transaction: the relay reads the
 * insert from the WAL, so the table never grows and needs no clean-up job. In a transaction that applies several
 * messages a {@link Savepoints savepoint} each, the rows are collected and written with one statement before the
 * commit ({@link PendingOutboxRows}). A message without a {@code traceparent} gets the one of the span in scope when
 * it is appended, if there is one.
 */
final class JdbcOutbox implements Outbox {

    static final String INSERT = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, schema_version, saga_id,
                                causation_id, traceparent)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""";
    /** Several rows in one statement, inserted in the order of the arrays (and so read by the relay in it). */
    private static final String INSERT_ALL = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, topic, payload, schema_version, saga_id,
                                causation_id, traceparent)
            SELECT id, aggregatetype, aggregateid, type, topic, payload::jsonb, schema_version, saga_id,
                   causation_id, traceparent
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int4[], ?::text[],
                          ?::uuid[], ?::text[]) WITH ORDINALITY
                   AS m(id, aggregatetype, aggregateid, type, topic, payload, schema_version, saga_id,
                        causation_id, traceparent, n)
             ORDER BY n""";

    private final JdbcTemplate jdbc;
    private final boolean keepRows;
    private final MessageTracing tracing;

    JdbcOutbox(JdbcTemplate jdbc, boolean keepRows, MessageTracing tracing) {
        this.jdbc = jdbc;
        this.keepRows = keepRows;
        this.tracing = tracing;
    }

    @Override
    public void append(OutboxMessage m) {
        appendAll(List.of(m));
    }

    @Override
    public void appendAll(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        requireTransaction();
        messages = traced(messages);
        PendingOutboxRows pending = PendingOutboxRows.current();
        if (pending != null) {
            pending.add(this, messages);
        } else {
            write(messages);
        }
    }

    /**
     * The messages, those without a {@code traceparent} given the span in scope now: rows may be written later, just
     * before the commit, when another span is in scope.
     */
    private List<OutboxMessage> traced(List<OutboxMessage> messages) {
        String current = tracing.currentTraceparent();
        if (current == null) {
            return messages;
        }
        List<OutboxMessage> traced = null;
        for (int i = 0; i < messages.size(); i++) {
            OutboxMessage m = messages.get(i);
            if (m.traceparent() == null) {
                if (traced == null) {
                    traced = new ArrayList<>(messages);
                }
                traced.set(i, m.withTraceparent(current));
            }
        }
        return traced == null ? messages : traced;
    }

    /** Inserts the rows (one statement however many) and, unless they are kept, deletes them again. */
    void write(List<OutboxMessage> messages) {
        if (messages.size() == 1) {
            OutboxMessage m = messages.get(0);
            jdbc.update(INSERT, ps -> bind(ps, m));
            if (!keepRows) {
                jdbc.update("DELETE FROM outbox WHERE id = ?", m.id());
            }
            return;
        }
        UUID[] ids = column(messages, OutboxMessage::id, UUID[]::new);
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT_ALL);
            ps.setArray(1, con.createArrayOf("uuid", ids));
            ps.setArray(2, con.createArrayOf("text", column(messages, OutboxMessage::aggregateType, String[]::new)));
            ps.setArray(3, con.createArrayOf("text", column(messages, OutboxMessage::aggregateId, String[]::new)));
            ps.setArray(4, con.createArrayOf("text", column(messages, OutboxMessage::type, String[]::new)));
            ps.setArray(5, con.createArrayOf("text", column(messages, OutboxMessage::topic, String[]::new)));
            ps.setArray(6, con.createArrayOf("text", column(messages, OutboxMessage::payload, String[]::new)));
            ps.setArray(7, con.createArrayOf("int4", column(messages, OutboxMessage::schemaVersion, Integer[]::new)));
            ps.setArray(8, con.createArrayOf("text", column(messages, OutboxMessage::sagaId, String[]::new)));
            ps.setArray(9, con.createArrayOf("uuid", column(messages, OutboxMessage::causationId, UUID[]::new)));
            ps.setArray(10, con.createArrayOf("text", column(messages, OutboxMessage::traceparent, String[]::new)));
            return ps;
        });
        if (!keepRows) {
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)");
                ps.setArray(1, con.createArrayOf("uuid", ids));
                return ps;
            });
        }
    }

    private static <T> T[] column(List<OutboxMessage> messages, Function<OutboxMessage, T> field,
                                  IntFunction<T[]> array) {
        T[] values = array.apply(messages.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = field.apply(messages.get(i));
        }
        return values;
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
