package io.sagaengine.engine;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@link HeldReplies} on the {@code saga_held_reply} table. */
final class JdbcHeldReplies implements HeldReplies {

    private static final String COLUMNS = "message_id, saga_id, saga_type, message_type, schema_version, causation_id, "
            + "traceparent, payload, sent_at, held_at";
    private static final String HOLD = "INSERT INTO saga_held_reply (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING";
    // the saga's row is the lock: whoever holds it applies the saga's held replies, and the reply listener's own
    // write of the saga waits for it. A paused saga's replies wait for its unpause, which applies them.
    private static final String LOCK_SAGAS = """
            SELECT s.id FROM saga_instance s
             WHERE s.id IN (SELECT h.saga_id FROM saga_held_reply h WHERE h.saga_type = ANY (?))
               AND (s.type, s.definition_version) IN (SELECT * FROM unnest(?::varchar[], ?::integer[]))
               AND s.id <> ALL (?) AND s.paused_at IS NULL
             ORDER BY s.started_at, s.id LIMIT ? FOR UPDATE OF s SKIP LOCKED""";
    private static final String OF_SAGA = "SELECT " + COLUMNS + " FROM saga_held_reply WHERE saga_id = ? ORDER BY seq";
    private static final String LOCK_ORPHANS = "SELECT " + COLUMNS + " FROM saga_held_reply h "
            + "WHERE h.saga_type = ANY (?) AND NOT EXISTS (SELECT 1 FROM saga_instance s WHERE s.id = h.saga_id) "
            + "ORDER BY h.seq LIMIT ? FOR UPDATE OF h SKIP LOCKED";
    private static final String DELETE = "DELETE FROM saga_held_reply WHERE message_id = ?";

    private static final RowMapper<HeldReply> ROWS = (rs, n) -> new HeldReply(new ReplyEnvelope(
            rs.getObject("message_id", UUID.class),
            rs.getObject("saga_id", UUID.class),
            rs.getString("message_type"),
            rs.getInt("schema_version"),
            rs.getObject("causation_id", UUID.class),
            rs.getString("traceparent"),
            rs.getBytes("payload"),
            JdbcSagaStore.time(rs, "sent_at")),
            rs.getString("saga_type"),
            JdbcSagaStore.time(rs, "held_at"));

    private final JdbcTemplate jdbc;

    JdbcHeldReplies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void hold(ReplyEnvelope reply, String sagaType, Instant at) {
        jdbc.update(HOLD, ps -> {
            ps.setObject(1, reply.messageId());
            ps.setObject(2, reply.sagaId());
            ps.setString(3, sagaType);
            ps.setString(4, reply.type());
            ps.setInt(5, reply.schemaVersion());
            ps.setObject(6, reply.causationId());
            ps.setString(7, reply.traceparent());
            ps.setBytes(8, reply.payload());
            JdbcSagaStore.setTime(ps, 9, reply.sentAt());
            JdbcSagaStore.setTime(ps, 10, at);
        });
    }

    @Override
    public List<UUID> lockSagasWithHeldReplies(Set<SagaVersion> versions, Collection<UUID> skipped, int limit) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(LOCK_SAGAS);
            String[] types = SagaVersion.types(versions);
            ps.setArray(1, con.createArrayOf("varchar", types));
            ps.setArray(2, con.createArrayOf("varchar", types));
            ps.setArray(3, con.createArrayOf("integer", SagaVersion.versions(versions)));
            ps.setArray(4, con.createArrayOf("uuid", skipped.toArray()));
            ps.setInt(5, limit);
            return ps;
        }, (rs, n) -> rs.getObject("id", UUID.class));
    }

    @Override
    public List<HeldReply> of(UUID sagaId) {
        return jdbc.query(OF_SAGA, ROWS, sagaId);
    }

    @Override
    public List<HeldReply> lockOrphans(Collection<String> types, int limit) {
        return jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(LOCK_ORPHANS);
            ps.setArray(1, con.createArrayOf("varchar", types.toArray()));
            ps.setInt(2, limit);
            return ps;
        }, ROWS);
    }

    @Override
    public void delete(UUID messageId) {
        jdbc.update(DELETE, messageId);
    }
}
